//! The virtual screen as a user sees it, for measurements: real key presses
//! through the X server (XTest, the path a keyboard takes: X → GTK → WebKit)
//! and the pixels the X server shows, read back (GetImage). Nothing inside
//! the page is asked, so what is measured is what reaches the screen.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{self, ConnectionExt as _, ImageFormat, InputFocus, Keycode, Window};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// A screen rectangle, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rect {
    pub(crate) x: i16,
    pub(crate) y: i16,
    pub(crate) width: u16,
    pub(crate) height: u16,
}

pub(crate) struct Screen {
    connection: RustConnection,
    root: Window,
    width: u16,
    height: u16,
}

impl Screen {
    /// Connects to X display `display` (":N").
    pub(crate) fn open(display: &str) -> Screen {
        let (connection, screen) = x11rb::connect(Some(display)).expect("the X display accepts clients");
        let root = connection.setup().roots[screen].clone();
        Screen { connection, root: root.root, width: root.width_in_pixels, height: root.height_in_pixels }
    }

    /// The whole screen.
    pub(crate) fn all(&self) -> Rect {
        Rect { x: 0, y: 0, width: self.width, height: self.height }
    }

    /// The pixels of `rect` (32 bits each, row by row).
    pub(crate) fn grab(&self, rect: Rect) -> Vec<u8> {
        self.connection
            .get_image(ImageFormat::Z_PIXMAP, self.root, rect.x, rect.y, rect.width, rect.height, !0)
            .expect("GetImage is sent")
            .reply()
            .expect("the screen can be read")
            .data
    }

    /// Gives the keyboard to the largest window shown (the app's, on a
    /// display of its own), as clicking into it would.
    pub(crate) fn focus_largest_window(&self) {
        let tree = self.connection.query_tree(self.root).unwrap().reply().unwrap();
        let mut best: Option<(u32, Window)> = None;
        for window in tree.children {
            let Ok(attributes) = self.connection.get_window_attributes(window).unwrap().reply() else { continue };
            if attributes.map_state != xproto::MapState::VIEWABLE {
                continue;
            }
            let Ok(geometry) = self.connection.get_geometry(window).unwrap().reply() else { continue };
            let area = u32::from(geometry.width) * u32::from(geometry.height);
            if best.is_none_or(|(largest, _)| area > largest) {
                best = Some((area, window));
            }
        }
        let (_, window) = best.expect("a window is shown");
        self.connection.set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME).unwrap();
        self.connection.sync().unwrap();
    }

    /// The keycode that types `keysym` without modifiers.
    pub(crate) fn keycode(&self, keysym: u32) -> Keycode {
        let setup = self.connection.setup();
        let (first, last) = (setup.min_keycode, setup.max_keycode);
        let mapping = self.connection.get_keyboard_mapping(first, last - first + 1).unwrap().reply().unwrap();
        let per = usize::from(mapping.keysyms_per_keycode);
        let index = mapping.keysyms.chunks(per).position(|syms| syms.first() == Some(&keysym));
        first + u8::try_from(index.expect("the keyboard has the key")).expect("a keycode")
    }

    /// Presses `keycode`, as a keyboard does; returns when the X server has
    /// the press. [`Screen::release`] lets it go.
    pub(crate) fn press(&self, keycode: Keycode) {
        self.fake(xproto::KEY_PRESS_EVENT, keycode);
    }

    pub(crate) fn release(&self, keycode: Keycode) {
        self.fake(xproto::KEY_RELEASE_EVENT, keycode);
    }

    fn fake(&self, kind: u8, keycode: Keycode) {
        self.connection.xtest_fake_input(kind, keycode, x11rb::CURRENT_TIME, self.root, 0, 0, 0).unwrap();
        self.connection.sync().unwrap();
    }

    /// Waits until `rect` shows something other than `before`; returns how
    /// long that took, or `None` after `limit`.
    pub(crate) fn wait_change(&self, rect: Rect, before: &[u8], since: Instant, limit: Duration) -> Option<Duration> {
        while since.elapsed() < limit {
            if self.grab(rect) != before {
                return Some(since.elapsed());
            }
            std::thread::sleep(Duration::from_micros(300));
        }
        None
    }
}

/// The smallest rectangle holding every pixel that differs between two
/// grabs of `within`, among columns `columns` (screen x, end excluded).
pub(crate) fn changed(within: Rect, before: &[u8], after: &[u8], columns: std::ops::Range<i16>) -> Option<Rect> {
    let (mut left, mut top, mut right, mut bottom) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    let stride = usize::from(within.width) * 4;
    for (row, (old, new)) in before.chunks(stride).zip(after.chunks(stride)).enumerate() {
        for (column, (a, b)) in old.chunks(4).zip(new.chunks(4)).enumerate() {
            let x = i32::from(within.x) + column as i32;
            if a != b && columns.contains(&(x as i16)) {
                let y = i32::from(within.y) + row as i32;
                (left, top, right, bottom) = (left.min(x), top.min(y), right.max(x), bottom.max(y));
            }
        }
    }
    (left <= right).then(|| Rect {
        x: left as i16,
        y: top as i16,
        width: (right - left + 1) as u16,
        height: (bottom - top + 1) as u16,
    })
}
