//! Numbers for the statistics view: spans per label, progress, and the most frequent strings.

use crate::core::corpus::{CorpusIndex, Status};
use crate::core::labels::{LabelSet, Layer};
use crate::core::spans::DocSpans;
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Confirmed spans per label, in label-set order (labels no span uses included, with 0).
    pub per_label: Vec<(String, usize)>,
    /// Documents per status.
    pub progress: Vec<(Status, usize)>,
    /// For each entity label, its most frequent span texts with their counts, most frequent first.
    pub top_strings: Vec<(String, Vec<(String, usize)>)>,
}

/// Statistics over the corpus; `spans` are the spans of its documents (any order).
pub fn compute<'a>(
    labels: &LabelSet,
    index: &CorpusIndex,
    spans: impl IntoIterator<Item = &'a DocSpans>,
    top: usize,
) -> Stats {
    let mut per_label: HashMap<&str, usize> = HashMap::new();
    let mut strings: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for doc in spans {
        for a in doc.annotations().iter().filter(|a| !a.unconfirmed) {
            *per_label.entry(a.label.as_str()).or_default() += 1;
            if a.layer == Layer::Entity {
                *strings.entry(a.label.as_str()).or_default().entry(a.text.as_str()).or_default() += 1;
            }
        }
    }
    let top_strings = labels
        .iter()
        .filter(|l| l.layer == Layer::Entity)
        .filter_map(|l| {
            let counts = strings.get(l.id.as_str())?;
            let mut ranked: Vec<(String, usize)> = counts.iter().map(|(t, n)| (t.to_string(), *n)).collect();
            // Most frequent first; ties in a stable, readable order.
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            ranked.truncate(top);
            Some((l.id.clone(), ranked))
        })
        .collect();
    Stats {
        per_label: labels.iter().map(|l| (l.id.clone(), per_label.get(l.id.as_str()).copied().unwrap_or(0))).collect(),
        progress: index.progress().to_vec(),
        top_strings,
    }
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;
    use crate::core::workspace::Workspace;
    use std::rc::Rc;

    #[test]
    fn counts_labels_progress_and_frequent_strings() {
        let labels = LabelSet::defaults();
        let mut index = CorpusIndex::default();
        let mut all = Vec::new();
        for (i, body) in ["上海与北京，上海再见", "北京与上海"].iter().enumerate() {
            let doc = import_file(&format!("{i}.md"), format!("<p>{body}</p>").as_bytes()).expect("imports");
            index.add(&doc, 0);
            let mut ws = Workspace::new(Rc::new(doc.clone()), labels.clone(), DocSpans::default());
            let chars: Vec<char> = doc.text.chars().collect();
            for at in 0..chars.len().saturating_sub(1) {
                let word: String = chars[at..at + 2].iter().collect();
                if word == "上海" || word == "北京" {
                    ws.tag(at, at + 2, "LOC").expect("tags");
                }
            }
            index.update_counts(&doc.id, ws.spans());
            all.push(ws.spans().clone());
        }
        let stats = compute(&labels, &index, &all, 1);
        assert_eq!(stats.per_label.iter().find(|(l, _)| l == "LOC"), Some(&("LOC".to_string(), 5)));
        assert_eq!(stats.per_label.len(), labels.len());
        assert_eq!(stats.progress[1], (Status::InProgress, 2));
        assert_eq!(stats.top_strings, vec![("LOC".to_string(), vec![("上海".to_string(), 3)])]);
    }
}
