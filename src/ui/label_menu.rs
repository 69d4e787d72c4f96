//! The small menu that opens at a text selection: one button per label, with its hotkey.

use super::state::Menu;
use crate::core::labels::LabelSet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabelMenuProps {
    pub menu: Menu,
    pub labels: LabelSet,
    /// The id of the label picked.
    pub on_pick: Callback<String>,
}

#[function_component(LabelMenu)]
pub fn label_menu(props: &LabelMenuProps) -> Html {
    // Whole pixels: no float formatting in the bundle for a menu's place.
    let style =
        format!("left:{}px;top:{}px", props.menu.x.max(0.0).round() as i64, (props.menu.y + 6.0).round() as i64);
    html! {
        <div class="label-menu" role="menu" {style}
            // Pressing a button must not clear the text selection it is for.
            onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}>
            { for props.labels.iter().map(|label| {
                let id = label.id.clone();
                let pick = props.on_pick.reform(move |_: MouseEvent| id.clone());
                let swatch = format!("background-color:{}", label.color);
                html! {
                    <button class="label-menu-item" role="menuitem" onclick={pick} data-label={label.id.clone()}>
                        <span class="swatch" style={swatch}></span>
                        if let Some(key) = label.hotkey { <kbd>{ key }</kbd> }
                        { &label.name }
                    </button>
                }
            }) }
        </div>
    }
}
