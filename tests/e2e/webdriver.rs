//! A small W3C WebDriver client: just what the end-to-end tests use, over
//! blocking HTTP to tauri-driver.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// An open WebDriver session on the app.
pub(crate) struct Session {
    agent: ureq::Agent,
    base: String,
}

/// An element reference.
#[derive(Clone, Debug)]
pub(crate) struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    /// Starts the app at `application` with `args` through the driver on `port`.
    pub(crate) fn start(port: u16, application: &str, args: &[String]) -> Result<Session, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let capabilities = json!({
            "capabilities": {"alwaysMatch": {
                "browserName": "wry",
                "tauri:options": {"application": application, "args": args}
            }}
        });
        let url = format!("http://127.0.0.1:{port}/session");
        let value = call(&agent, "POST", &url, Some(capabilities))?;
        let id = value["sessionId"].as_str().ok_or_else(|| format!("no session id in {value}"))?;
        Ok(Session { agent, base: format!("http://127.0.0.1:{port}/session/{id}") })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        call(&self.agent, "POST", &format!("{}{path}", self.base), Some(body))
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        call(&self.agent, "GET", &format!("{}{path}", self.base), None)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub(crate) fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }

    /// Elements matching a CSS selector.
    pub(crate) fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let value = self.post("/elements", json!({"using": "css selector", "value": css}))?;
        Ok(value.as_array().map(|items| items.iter().filter_map(element_of).collect()).unwrap_or_default())
    }

    /// The first element matching `css` whose text contains `text`.
    pub(crate) fn find_with_text(&self, css: &str, text: &str) -> Result<Option<Element>, String> {
        let value = self.execute(
            "return [...document.querySelectorAll(arguments[0])].find(e => e.textContent.includes(arguments[1])) ?? null",
            vec![json!(css), json!(text)],
        )?;
        Ok(element_of(&value))
    }

    /// Waits up to `timeout` for an element matching `css`.
    pub(crate) fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let start = Instant::now();
        loop {
            if let Some(element) = self.find_all(css)?.into_iter().next() {
                return Ok(element);
            }
            if start.elapsed() > timeout {
                return Err(format!("no element matches `{css}` after {timeout:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `script` (a function body) returns a truthy value; returns it.
    pub(crate) fn wait_until(&self, script: &str, args: Vec<Value>, timeout: Duration) -> Result<Value, String> {
        let start = Instant::now();
        loop {
            let value = self.execute(script, args.clone())?;
            if !(value.is_null() || value == Value::Bool(false) || value == json!("") || value == json!(0)) {
                return Ok(value);
            }
            if start.elapsed() > timeout {
                return Err(format!("condition still false after {timeout:?}: {script}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks an element.
    pub(crate) fn click(&self, element: &Element) -> Result<(), String> {
        self.post(&format!("/element/{}/click", element.0), json!({})).map(|_| ())
    }

    /// Types `text` into an element (WebDriver key codes allowed, e.g. `\u{E009}` for Control).
    pub(crate) fn send_keys(&self, element: &Element, text: &str) -> Result<(), String> {
        self.post(&format!("/element/{}/value", element.0), json!({"text": text})).map(|_| ())
    }

    /// Presses a key chord such as Ctrl+S through the actions API.
    pub(crate) fn chord(&self, modifier: &str, key: &str) -> Result<(), String> {
        let actions = json!({"actions": [{
            "type": "key", "id": "keyboard",
            "actions": [
                {"type": "keyDown", "value": modifier},
                {"type": "keyDown", "value": key},
                {"type": "keyUp", "value": key},
                {"type": "keyUp", "value": modifier}
            ]
        }]});
        self.post("/actions", actions)?;
        call(&self.agent, "DELETE", &format!("{}/actions", self.base), None).map(|_| ())
    }

    /// Resizes the window (its outer size, in CSS pixels).
    pub(crate) fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.post("/window/rect", json!({"width": width, "height": height})).map(|_| ())
    }

    /// The current URL of the webview.
    pub(crate) fn url(&self) -> Result<String, String> {
        self.get("/url").map(|value| value.as_str().unwrap_or_default().to_owned())
    }

    /// Ends the session (and the app).
    pub(crate) fn close(self) {
        // The app may already be gone; there is nothing to do about a failure here.
        let _ = call(&self.agent, "DELETE", &self.base, None);
    }
}

fn element_of(value: &Value) -> Option<Element> {
    value.get(ELEMENT_KEY).and_then(Value::as_str).map(|id| Element(id.to_owned()))
}

fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let response = match (method, body) {
        ("POST", Some(body)) => agent.post(url).send_json(body),
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        _ => return Err(format!("unsupported call {method} {url}")),
    };
    let mut response = response.map_err(|error| format!("{method} {url}: {error}"))?;
    let status = response.status();
    let value: Value = response.body_mut().read_json().map_err(|error| format!("{method} {url}: {error}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {}", value["value"]));
    }
    Ok(value["value"].clone())
}
