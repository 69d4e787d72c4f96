//! What an analyst does on the page, as helpers for the end-to-end tests: select text, press
//! keys, read the side panel.

use super::{Browser, DEFAULT_TIMEOUT};
use serde_json::json;
use thirtyfour::prelude::*;

/// Selects from the start of `from` to the end of `to` (the same needle for one phrase) in the
/// article's rendered text, the way a mouse drag does, and fires the mouseup the app listens to.
pub async fn select(browser: &Browser, from: &str, to: &str) {
    let script = r#"
        const [from, to] = [arguments[0], arguments[1]];
        const root = document.querySelector('article.doc .doc-body') || document.querySelector('article.doc');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const nodes = []; let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
        const start = text.indexOf(from);
        const end = text.indexOf(to, start) + to.length;
        if (start < 0 || end < to.length) return 'not found';
        const at = (pos, isEnd) => {
            for (const [n, off] of nodes) {
                const len = n.data.length;
                if (isEnd ? (pos > off && pos <= off + len) : (pos >= off && pos < off + len)) return [n, pos - off];
            }
            return [nodes[0][0], 0];
        };
        const [sn, so] = at(start, false), [en, eo] = at(end, true);
        const range = document.createRange();
        range.setStart(sn, so); range.setEnd(en, eo);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return sel.toString();
    "#;
    let got = browser.js_with(script, vec![json!(from), json!(to)]).await;
    assert!(got.as_str().is_some_and(|s| s.contains(from) && s.contains(to)), "selection of {from}…{to} gave {got}");
}

pub async fn press(browser: &Browser, keys: &str) {
    browser.driver().action_chain().send_keys(keys).perform().await.expect("keys are sent");
}

pub async fn chord(browser: &Browser, modifiers: &[Key], key: &str) {
    let mut chain = browser.driver().action_chain();
    for m in modifiers {
        chain = chain.key_down(m.clone());
    }
    chain = chain.send_keys(key);
    for m in modifiers.iter().rev() {
        chain = chain.key_up(m.clone());
    }
    chain.perform().await.expect("chord is sent");
}

/// The tagged segments' texts in the article, in order.
pub async fn tagged(browser: &Browser) -> Vec<String> {
    browser.text_contents("article.doc .seg-tagged").await
}

/// Spans as the side panel lists them: (label id, text), in reading order per label group.
pub async fn listed(browser: &Browser) -> Vec<(String, String)> {
    let v = browser
        .js("return Array.from(document.querySelectorAll('.span-group'), g => \
             Array.from(g.querySelectorAll('.span-item:not(.span-item-suggested)'), i => [g.dataset.label, i.textContent])).flat();")
        .await;
    serde_json::from_value(v).expect("pairs")
}

pub async fn wait_listed(browser: &Browser, count: usize) -> Vec<(String, String)> {
    browser
        .wait_until_js(
            &format!("{count} spans are listed"),
            &format!("document.querySelectorAll('.span-item:not(.span-item-suggested)').length === {count}"),
            DEFAULT_TIMEOUT,
        )
        .await;
    listed(browser).await
}

/// Opens the document titled `title` from the corpus list and waits until it shows.
pub async fn open_in_list(browser: &Browser, title: &str) {
    browser
        .js_with(
            "const b = Array.from(document.querySelectorAll('.doc-item-title')).find(b => b.textContent === arguments[0]); b.click();",
            vec![serde_json::json!(title)],
        )
        .await;
    browser.wait_for_text("h1.doc-title", title, DEFAULT_TIMEOUT).await;
}
