//! Messages to the analyst: errors stay until dismissed.

use super::state::{Notice, NoticeKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notices: Vec<Notice>,
    pub on_dismiss: Callback<u64>,
}

#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    html! {
        <section class="notices" aria-live="polite">
            { for props.notices.iter().map(|n| {
                let (class, role) = match n.kind {
                    NoticeKind::Error => ("notice-error", "alert"),
                    NoticeKind::Info => ("notice-info", "status"),
                };
                let id = n.id;
                let dismiss = props.on_dismiss.reform(move |_: MouseEvent| id);
                html! {
                    <div key={id} class={classes!("notice", class)} {role}>
                        <span class="notice-text">{ &n.text }</span>
                        <button class="notice-dismiss" aria-label="关闭 Dismiss" onclick={dismiss}>{ "×" }</button>
                    </div>
                }
            }) }
        </section>
    }
}
