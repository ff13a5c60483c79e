import "./app.css";

import { mount } from "svelte";

import App from "./App.svelte";

// For the start-up measurement (tests/e2e/measure.rs): the bundle is loaded.
performance.mark("quire-script");

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
