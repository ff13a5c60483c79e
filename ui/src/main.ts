import "./app.css";

import { mount } from "svelte";

import App from "./App.svelte";
import { hasBackend } from "./ipc";
import { startUp } from "./lib/navigation";
import { startupMark } from "./ipc/trace";

// For the start-up measurement (tests/e2e/measure.rs): the bundle is loaded.
performance.mark("quire-script");

// Fonts by platform (app.css): on Linux, the generic families.
document.documentElement.dataset.platform = /\b(Linux|X11)\b/.test(navigator.userAgent) ? "linux" : "other";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

// The entry list and the first entry are asked for before anything is drawn,
// so that the first frame shows them: a frame of the empty shell, then one
// with the list, then one with the entry would each be painted, and without
// a GPU each costs tens of milliseconds. A slow backend holds the window
// blank for at most START_WAIT_MS; the app then shows and fills in.
const START_WAIT_MS = 300;
const started = (hasBackend() ? startUp() : Promise.resolve()).catch((error: unknown) => console.error(error));
await Promise.race([started, new Promise((resolve) => setTimeout(resolve, START_WAIT_MS))]);

startupMark("mount");
const app = mount(App, { target, props: { started } });
startupMark("mount-returned");
export default app;
