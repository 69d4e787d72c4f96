//! Values drawn a frame late: what is not the edit itself (the side panel after a tag) is drawn
//! after the frame that shows the edit, so that frame holds only the article's change.
//!
//! A changed value is taken up from a timer set in the next animation frame's callback, which
//! runs once that frame's drawing work has been handed on. Changes that come before then are
//! folded into one redraw. While the analyst works in the part drawn (focus is inside it), it is
//! never late.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// `latest`, or what was drawn before while a redraw with `latest` waits for the next frame.
/// `inside` is the element the value is drawn into (for the focus rule).
#[hook]
pub fn use_deferred<T: Clone + PartialEq + 'static>(latest: T, inside: NodeRef) -> T {
    let shown = use_mut_ref(|| latest.clone());
    let wanted = use_mut_ref(|| None::<T>);
    let redraw = use_force_update();
    let late = *shown.borrow() != latest && !has_focus_within(&inside);
    let first_wait = if late {
        wanted.replace(Some(latest.clone())).is_none()
    } else {
        *shown.borrow_mut() = latest;
        *wanted.borrow_mut() = None;
        false
    };
    {
        let (shown, wanted) = (shown.clone(), wanted.clone());
        use_effect(move || {
            if first_wait {
                after_next_frame(move || {
                    if let Some(value) = wanted.borrow_mut().take() {
                        *shown.borrow_mut() = value;
                        redraw.force_update();
                    }
                });
            }
        });
    }
    let drawn = shown.borrow().clone();
    drawn
}

fn has_focus_within(inside: &NodeRef) -> bool {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    match (inside.get(), active) {
        (Some(root), Some(active)) => root.contains(Some(&active)),
        _ => false,
    }
}

/// Runs `f` in a task after the next frame; when the page is hidden, where no frame comes, in
/// the next task.
fn after_next_frame(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let task = Closure::once_into_js(f);
    if window.document().is_some_and(|d| d.hidden()) {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
        return;
    }
    let later = window.clone();
    let in_frame = Closure::once_into_js(move || {
        let _ = later.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
    });
    let _ = window.request_animation_frame(in_frame.unchecked_ref());
}
