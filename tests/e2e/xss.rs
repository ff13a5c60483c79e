//! S2: the XSS corpus (`tests/cases/xss/corpus.toml`) in the real webview.
//!
//! Two layers keep entry text from running: the sanitizer in Rust and the
//! CSP (with the navigation guard) in the webview. The first test opens
//! every corpus entry in the app, the way a user would, and clicks its
//! links; the second injects the raw payloads past the sanitizer, so the
//! CSP alone must stop them, and shows it did (violations are reported).
//! Either way, afterwards no payload's canary is hit: `window.__pwned` and
//! `document.title` untouched, the page neither navigated nor reloaded, and
//! no file changed, inside the wiki (`canary.md`, a new `pwned.md`) or
//! outside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use quire_tests::xss::{Place, corpus, lead};
use serde_json::{Value, json};

use super::{WAIT, World, turn};

/// What every payload would have changed, read in the page. Raw payloads
/// clobber the DOM (`<img name=getElementById>`), so the page is read
/// through the prototypes' own methods.
const STATE: &str = "
    const all = (selector) => [...Document.prototype.querySelectorAll.call(document, selector)];
    const preview = all('[data-testid=preview]')[0];
    const scratch = Document.prototype.getElementById.call(document, 'xss-scratch');
    const outside = (selector) => all(selector).filter(e => !preview?.contains(e) && !scratch?.contains(e)).length;
    return {
        pwned: window.__pwned ?? null,
        title: Object.getOwnPropertyDescriptor(Document.prototype, 'title').get.call(document),
        href: location.href.split('#')[0],
        alive: Array.isArray(window.__violations),
        violations: window.__violations ?? [],
        active: outside('script,iframe,frame,object,embed,base,meta[http-equiv],link[rel=import],[onerror],[onload],[onclick],[onmouseover],[onfocus],[ontoggle]'),
    };";

/// Installs the CSP violation log (its presence later shows the page never
/// reloaded) and `window.__pwned` as a property of its own, which records
/// what a payload sets and which `<a id=__pwned>` cannot clobber.
const WATCH: &str = "
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
        (event) => window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
    let pwned = null;
    Object.defineProperty(window, '__pwned', {get: () => pwned, set: (value) => { pwned = value; }});
    return null;";

/// Everything below `dir` (git's own files aside): path to bytes.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(&folder).expect("read folder") {
            let path = item.expect("folder entry").path();
            if path.file_name().is_some_and(|name| name == ".git") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

/// The world the canaries live in: the corpus entries and `canary.md` in
/// the wiki, `outside.md` beside the wiki root.
fn start(name: &str, with_corpus: bool) -> (World, BTreeMap<PathBuf, Vec<u8>>, Value) {
    let mut files: Vec<(String, String)> = vec![("canary.md".to_owned(), "# Canary\n\nUntouched.\n".to_owned())];
    if with_corpus {
        files.extend(corpus().iter().flat_map(|class| class.entries()));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(id, text)| (id.as_str(), text.as_str())).collect();
    let world = World::start(name, &borrowed);
    let repo = world.wiki.parent().expect("the wiki is in the repository").to_owned();
    std::fs::write(repo.join("outside.md"), "# Outside the wiki\n").expect("write the outside canary");
    std::fs::write(world_root(&world).join("outside.md"), "# Outside the repository\n").expect("outside canary");
    world.app().execute(WATCH, vec![]).expect("watch CSP violations");
    let mut baseline = world.app().execute(STATE, vec![]).expect("page state");
    baseline["url"] = json!(page_url(&world));
    let files = files_under(world_root(&world));
    (world, files, baseline)
}

/// The test's temporary folder: it holds the repository, the wiki inside it (`<dir>/repo/content`).
fn world_root(world: &World) -> &Path {
    world.wiki.parent().and_then(Path::parent).expect("the wiki is two levels down")
}

/// The webview's URL without its fragment: moving within the page is no navigation.
fn page_url(world: &World) -> String {
    let url = world.app().url().expect("the webview's URL");
    url.split('#').next().unwrap_or_default().to_owned()
}

/// Fails when a canary was hit since `baseline`.
fn assert_untouched(world: &World, baseline: &Value, after: &str) {
    // WebKitWebDriver once answered a bare "unknown error" here on a loaded
    // machine; asking again is safe, as whatever a payload did to the page
    // shows in the state all the same.
    let state = world
        .app()
        .execute(STATE, vec![])
        .or_else(|_| {
            std::thread::sleep(Duration::from_millis(500));
            world.app().execute(STATE, vec![])
        })
        .unwrap_or_else(|error| panic!("page state ({after}): {error}"));
    assert_eq!(state["pwned"], Value::Null, "a payload ran ({after}): window.__pwned = {}", state["pwned"]);
    assert_ne!(state["title"], json!("PWNED"), "a payload set the title ({after})");
    assert_eq!(state["href"], baseline["href"], "the page's location changed ({after})");
    assert_eq!(json!(page_url(world)), baseline["url"], "the webview navigated ({after})");
    assert_eq!(state["alive"], json!(true), "the page reloaded ({after})");
    assert_eq!(state["active"], baseline["active"], "active markup appeared outside the preview ({after})");
}

fn assert_files_untouched(world: &World, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = files_under(world_root(world));
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(changed.is_empty(), "files changed, created or deleted: {changed:?}");
}

/// Opens entry `id` from the sidebar and waits until the preview shows it.
fn open(world: &World, id: &str, place: Place) {
    let selector = format!("[data-testid=entry-item][data-id=\"{id}\"]");
    let item = world.app().wait_for(&selector, WAIT).expect("item");
    world
        .app()
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return null",
            vec![json!(selector)],
        )
        .expect("scroll the item into view");
    if world.app().click(&item).is_err() {
        // Eighty entries make a long list; what is being tested is the
        // preview, so a synthetic click does when a pointer cannot reach it.
        world
            .app()
            .execute("document.querySelector(arguments[0]).click(); return null", vec![json!(selector)])
            .expect("click the entry");
    }
    let shown = if place == Place::Entry {
        // A whole-entry payload has no lead of ours: wait for the selection.
        "return document.querySelector('[data-testid=entry-item][aria-current=page]')?.dataset.id === arguments[0] \
           && document.querySelector('[data-testid=preview] .page-part') !== null"
    } else {
        "return document.querySelector('[data-testid=preview]')?.textContent.includes(arguments[1])"
    };
    world
        .app()
        .wait_until(shown, vec![json!(id), json!(lead(id))], WAIT)
        .unwrap_or_else(|error| panic!("{id}: {error}"));
    // Time for whatever would fire on load (image errors, animations, toggles).
    std::thread::sleep(Duration::from_millis(if place == Place::Entry { 700 } else { 300 }));
}

/// Which links of the preview a payload aimed at: those that lost their
/// URL to the sanitizer, those naming an entry other than the template's
/// own, and red links whose target looks like a URL or markup. Web links
/// ask before opening the browser, and plain `#` links go nowhere.
const LINKS: &str = "
    return [...document.querySelectorAll('[data-testid=preview] a')].map((a) => {
        if (!a.hasAttribute('href')) return 'click';
        if (a.dataset.entry !== undefined) return a.dataset.entry === 'kaiming-he.md' ? 'skip' : 'click';
        if (a.classList.contains('red') && /[:<>\"'\\/]/.test(a.dataset.title ?? '')) return 'click';
        return 'skip';
    });";

/// Clicks the links [`LINKS`] picks; after each, no canary is hit, and the
/// entry is reopened or the new-entry dialog closed.
fn click_links(world: &World, id: &str, place: Place, baseline: &Value) -> usize {
    let kinds = world.app().execute(LINKS, vec![]).expect("links");
    let kinds: Vec<String> = serde_json::from_value(kinds).expect("link kinds");
    let mut clicked = 0;
    for (number, kind) in kinds.iter().enumerate() {
        if kind != "click" {
            continue;
        }
        let links = world.app().find_all("[data-testid=preview] a").expect("links");
        let Some(link) = links.get(number) else { break };
        if world.app().click(link).is_err() {
            // An empty or hidden link cannot take a pointer click; a
            // synthetic one runs the same handlers and default action.
            world
                .app()
                .execute(
                    "document.querySelectorAll('[data-testid=preview] a')[arguments[0]]?.click(); return null",
                    vec![json!(number)],
                )
                .expect("synthetic click");
        }
        clicked += 1;
        std::thread::sleep(Duration::from_millis(100));
        assert_untouched(world, baseline, &format!("clicking link {number} of {id}"));
        if let Some(input) = world.app().find_all("[data-testid=new-entry-dialog] input").expect("dialog").first() {
            world.app().send_keys(input, "\u{E00C}").expect("Escape closes the dialog");
            world
                .app()
                .wait_until("return document.querySelector('[data-testid=new-entry-dialog]') === null", vec![], WAIT)
                .expect("the new-entry dialog closes");
        }
        let current = world
            .app()
            .execute(
                "return document.querySelector('[data-testid=entry-item][aria-current=page]')?.dataset.id ?? null",
                vec![],
            )
            .expect("selection");
        if current != json!(id) {
            open(world, id, place);
        }
    }
    clicked
}

// The corpus as a user meets it: each entry opened in the app, its preview
// shown and its links clicked. No canary may be hit, nothing may leave the
// sanitizer that the CSP then has to stop, and no file may change.
#[test]
fn xss_corpus_runs_no_script_in_the_webview() {
    let _turn = turn();
    let (mut world, files_before, baseline) = start("xss_corpus_runs_no_script_in_the_webview", true);
    assert_eq!(
        world.app().execute("return typeof window.__TAURI_INTERNALS__?.invoke", vec![]).unwrap(),
        json!("function"),
        "the IPC bridge the payloads aim at is there"
    );
    let shots = ["svg", "html-in-the-title", "wiki-link-quotes-and-brackets", "style-element-and-attribute"];
    let mut opened = 0;
    let mut clicked = 0;
    for class in corpus() {
        for (id, _) in class.entries() {
            open(&world, &id, class.place);
            assert_untouched(&world, &baseline, &format!("opening {id}"));
            if shots.contains(&class.name.as_str()) && !id.ends_with("-1.md") {
                world.shot(&class.name);
            }
            clicked += click_links(&world, &id, class.place, &baseline);
            opened += 1;
        }
    }
    world.shot("last-entry");
    let state = world.app().execute(STATE, vec![]).unwrap();
    let violations: Vec<String> = serde_json::from_value(state["violations"].clone()).unwrap();
    // Remote images pass the sanitizer (http and https are allowed URLs)
    // and are the CSP's to block; anything else blocked means something
    // dangerous got past the sanitizer.
    let dangerous: Vec<&String> = violations.iter().filter(|violation| !violation.starts_with("img-src ")).collect();
    assert!(dangerous.is_empty(), "the sanitizer let through what the CSP had to block: {dangerous:?}");
    assert_files_untouched(&world, &files_before);
    println!("{opened} entries opened, {clicked} links clicked, {} CSP reports (images)", violations.len());
}

/// Injects raw HTML into a scratch element outside the preview, clicks its
/// links (synthetic clicks, no preview handler in the way), and removes it.
const INJECT: &str = "
    const scratch = Document.prototype.createElement.call(document, 'div');
    scratch.id = 'xss-scratch';
    // In view for the screenshots, over the app's own layout.
    scratch.style.cssText = 'position:fixed;right:12px;bottom:12px;width:560px;max-height:420px;overflow:auto;'
        + 'background:#fff;border:2px solid #c00;padding:8px;z-index:1000';
    Object.getOwnPropertyDescriptor(Document.prototype, 'body').get.call(document).append(scratch);
    scratch.innerHTML = arguments[0];
    return null;";
const CLICK_AND_REMOVE: &str = "
    const scratch = Document.prototype.getElementById.call(document, 'xss-scratch');
    // Not download links: a download is not a navigation and would leave a file behind.
    for (const element of scratch.querySelectorAll('a:not([download]), button, input[type=submit], area')) {
        // SVG and MathML links have no click(); a dispatched click follows them too.
        if (typeof element.click === 'function') element.click();
        else element.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    }
    for (const form of scratch.querySelectorAll('form')) { try { form.requestSubmit(); } catch {} }
    scratch.remove();
    return null;";

// The sanitizer is one layer; if it ever let a payload through, the CSP
// and the navigation guard must still stop it. Here the raw corpus is put
// into the page unsanitized: the CSP must report blocking scripts (proof
// that the payloads were live), and no canary may be hit.
#[test]
fn csp_stops_raw_payloads_that_skip_the_sanitizer() {
    let _turn = turn();
    let (mut world, files_before, baseline) = start("csp_stops_raw_payloads_that_skip_the_sanitizer", false);
    for class in corpus() {
        let raw = class.payloads.join("\n");
        world.app().execute(INJECT, vec![json!(raw)]).expect("inject");
        std::thread::sleep(Duration::from_millis(300));
        assert_untouched(&world, &baseline, &format!("injecting {} raw", class.name));
        if class.name == "svg" {
            world.shot("raw-svg");
        }
        world.app().execute(CLICK_AND_REMOVE, vec![]).expect("click and remove");
        std::thread::sleep(Duration::from_millis(200));
        assert_untouched(&world, &baseline, &format!("clicking {} raw", class.name));
    }
    world.shot("after-raw-corpus");
    let state = world.app().execute(STATE, vec![]).unwrap();
    let violations: Vec<String> = serde_json::from_value(state["violations"].clone()).unwrap();
    let scripts = violations.iter().filter(|violation| violation.starts_with("script-src")).count();
    assert!(scripts >= 10, "the CSP blocked only {scripts} scripts; were the payloads live? {violations:?}");
    for directive in ["frame-src", "object-src"] {
        assert!(
            violations.iter().any(|violation| violation.starts_with(directive)),
            "no `{directive}` violation: {violations:?}"
        );
    }
    assert_files_untouched(&world, &files_before);
    println!("{} CSP reports, {scripts} of them scripts", violations.len());
}
