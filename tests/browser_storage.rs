//! Local storage in a real headless Chromium: what is saved comes back, what cannot be read is
//! kept aside, and a full store refuses the new copy without losing the old one.
#![cfg(target_arch = "wasm32")]

use biaozhu::core::model::Document;
use biaozhu::core::storage::{CURRENT_DOCUMENT_KEY, QUARANTINE_PREFIX};
use biaozhu::effects::files::import_with_browser;
use biaozhu::effects::storage::{load_current, save_current, Loaded};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().expect("window").local_storage().expect("storage access").expect("local storage")
}

fn doc(body: &str) -> Document {
    import_with_browser("t.md", format!("---\ntitle: 测试𠮷\n---\n<p>{body}</p>").as_bytes()).expect("imports")
}

#[wasm_bindgen_test]
fn saves_and_loads_the_open_document() {
    storage().clear().expect("clear");
    assert!(matches!(load_current(), Ok(Loaded::Nothing)));
    let saved = doc("正文😀与上海市公安局");
    save_current(&saved).expect("saves");
    match load_current() {
        Ok(Loaded::Found(loaded)) => assert_eq!(loaded, saved),
        _ => panic!("the saved document did not come back"),
    }
}

#[wasm_bindgen_test]
fn unreadable_data_is_kept_aside_and_reported() {
    let store = storage();
    store.clear().expect("clear");
    store.set_item(CURRENT_DOCUMENT_KEY, "{\"schema\":1,\"data\":{\"truncated").expect("set");
    match load_current() {
        Ok(Loaded::Unreadable { reason, kept_as: Some(key) }) => {
            assert!(reason.contains("not readable JSON"), "{reason}");
            assert!(key.starts_with(QUARANTINE_PREFIX), "{key}");
            assert!(key.contains(CURRENT_DOCUMENT_KEY), "the key names what was set aside: {key}");
            assert_eq!(store.get_item(&key).expect("get").as_deref(), Some("{\"schema\":1,\"data\":{\"truncated"));
            assert_eq!(store.get_item(CURRENT_DOCUMENT_KEY).expect("get"), None);
        }
        _ => panic!("corrupt data was not reported and kept aside"),
    }
}

#[wasm_bindgen_test]
fn a_full_store_refuses_the_new_copy_and_keeps_the_old() {
    let store = storage();
    store.clear().expect("clear");
    let first = doc("第一篇");
    save_current(&first).expect("saves");
    // Fill the origin's quota with filler, halving the chunk until nothing more fits.
    let mut chunk = 1 << 20;
    let mut n = 0;
    while chunk >= 16 {
        if store.set_item(&format!("filler-{n}"), &"x".repeat(chunk)).is_ok() {
            n += 1;
        } else {
            chunk /= 2;
        }
    }
    let second = doc(&"大".repeat(100_000));
    let err = save_current(&second).expect_err("a full store must refuse");
    assert!(err.contains("full"), "{err}");
    match load_current() {
        Ok(Loaded::Found(loaded)) => assert_eq!(loaded, first),
        _ => panic!("the previously saved document was lost"),
    }
    store.clear().expect("clear");
}

#[wasm_bindgen_test]
fn labels_and_spans_are_kept_per_document() {
    use biaozhu::core::labels::LabelSet;
    use biaozhu::core::spans::DocSpans;
    use biaozhu::core::workspace::Workspace;
    use biaozhu::effects::storage::{load_labels, load_spans, save_labels, save_spans};
    storage().clear().expect("clear");
    let d = doc("上海市公安局");
    let mut ws = Workspace::new(std::rc::Rc::new(d.clone()), LabelSet::defaults(), DocSpans::default());
    ws.tag(5, 7, "LOC").expect("tags");
    save_spans(&d.id, ws.spans()).expect("saves spans");
    save_labels(ws.labels()).expect("saves labels");
    assert!(matches!(load_labels(), Ok(Loaded::Found(l)) if l == LabelSet::defaults()));
    match load_spans(&d) {
        Ok(Loaded::Found(spans)) => assert_eq!(&spans, ws.spans()),
        _ => panic!("spans did not come back"),
    }
    // Spans stored for a document are checked against its text: another text refuses them.
    let other = doc("完全不同的文字");
    assert!(matches!(load_spans(&other), Ok(Loaded::Nothing)), "other documents have their own key");
}

/// A tab is known to be alive (to a tab that finds its save journal) from when it listens to
/// the others, by the Web Lock it then holds.
#[wasm_bindgen_test]
async fn a_tab_is_known_to_be_alive_once_it_listens() {
    use biaozhu::effects::tabs::{listen, live_tabs, tab_id};
    let me = tab_id();
    let before = live_tabs().await.expect("Chromium has Web Locks");
    assert!(!before.contains(&me), "{before:?}");
    listen(|_| {});
    let after = live_tabs().await.expect("Chromium has Web Locks");
    assert!(after.contains(&me), "{after:?} lacks {me}");
}

/// A save's journal is found under this tab's id, is dropped by its own save's number only (not
/// by an earlier save's, once a later one has been written), and says when it was written.
#[wasm_bindgen_test]
fn a_journal_is_dropped_only_by_the_save_that_wrote_it_last() {
    use biaozhu::core::corpus::Entry;
    use biaozhu::core::storage::journal::Journal;
    use biaozhu::core::storage::span_records::writes;
    use biaozhu::effects::storage::{drop_journal, journals, write_journal};
    let store = storage();
    store.clear().expect("clear");
    let d = doc("上海市公安局");
    let journal = Journal::of(&writes(&Default::default(), None), &Entry::new(&d, 1), vec![0]);
    let first = write_journal(&d.id, &journal);
    let second = write_journal(&d.id, &journal);
    let found = journals();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].doc_id.as_str(), found[0].tab.as_str()),
        (d.id.as_str(), biaozhu::effects::tabs::tab_id().as_str())
    );
    assert!(matches!(&found[0].journal, Loaded::Found(j) if *j == journal));
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()).expect("a body");
    assert!(body.get_attribute("data-journaled-at").is_some_and(|at| at.parse::<f64>().is_ok()));
    drop_journal(&d.id, first);
    assert_eq!(journals().len(), 1, "an earlier save does not drop a later one's journal");
    drop_journal(&d.id, second);
    assert!(journals().is_empty());
}
