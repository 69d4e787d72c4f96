//! The interface speaks Chinese and English; Chinese by default when the browser prefers it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The browser's preferred language, Chinese for any `zh-*`.
    pub fn from_browser() -> Lang {
        let preferred = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
        if preferred.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Every phrase of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    OpenFiles,
    OpenHint,
    Export,
    Undo,
    Redo,
    Language,
    Labels,
    Spans,
    NoSpans,
    Layers,
    LayerEntity,
    LayerFigure,
    LayerMeasure,
    Selected,
    Label,
    Value,
    Unit,
    Currency,
    Qualifier,
    QualifierNone,
    Over,
    About,
    Nearly,
    MoreThan,
    MeasureName,
    Note,
    BelongsTo,
    NoMeasure,
    Delete,
    AddLabel,
    NewLabel,
    Name,
    Color,
    Hotkey,
    MoveUp,
    MoveDown,
    InUse,
    RelabelTo,
    DeleteSpansToo,
    Cancel,
    DropHint,
    TaggingHelp,
    ReadMany,
    Documents,
    Search,
    Status,
    AllStatuses,
    SortBy,
    SortAdded,
    SortTitle,
    SortDate,
    StatusTodo,
    StatusInProgress,
    StatusDone,
    DeleteDocument,
    ConfirmDelete,
    UndoDelete,
    Duplicate,
    Reading,
    MarkDone,
    OpenFolder,
    StorageUsed,
    Statistics,
    Computing,
    Progress,
    SpansPerLabel,
    FrequentStrings,
    Close,
    Backup,
    BackupHint,
    Restore,
    RestoreHint,
    AskMerge,
    AskReplace,
    Suggestion,
    Accept,
    Reject,
    AcceptAll,
    TagAll,
    Suggestions,
    ExportGazetteer,
    ImportGazetteer,
    TagAllCorpus,
    ConfirmTagCorpus,
    ExportFormat,
    ExportScope,
    ThisDocument,
    WholeCorpus,
    ImportAnnotations,
    ImportHint,
}

pub fn tr(lang: Lang, t: T) -> &'static str {
    let (zh, en) = match t {
        T::OpenFiles => ("打开文件", "Open files"),
        T::OpenHint => ("也可把文件拖到页面上", "or drop files on the page"),
        T::Export => ("导出", "Export"),
        T::ExportFormat => ("导出格式", "Export format"),
        T::ExportScope => ("导出范围", "What to export"),
        T::ThisDocument => ("当前文章", "This document"),
        T::WholeCorpus => ("全部文章", "Whole corpus"),
        T::ImportAnnotations => ("导入标注", "Import annotations"),
        T::ImportHint => (
            "brat（.zip，或 .txt 与 .ann）、doccano JSONL、Label Studio JSON、biaozhu 导出",
            "brat (.zip, or .txt with .ann), doccano JSONL, Label Studio JSON, biaozhu exports",
        ),
        T::Undo => ("撤销", "Undo"),
        T::Redo => ("重做", "Redo"),
        T::Language => ("English", "中文"),
        T::Labels => ("标签", "Labels"),
        T::Spans => ("标注", "Spans"),
        T::NoSpans => ("还没有标注：选中文字，按数字键。", "No spans yet: select text, press a number key."),
        T::Layers => ("显示层", "Layers shown"),
        T::LayerEntity => ("实体", "Entities"),
        T::LayerFigure => ("数字", "Figures"),
        T::LayerMeasure => ("举措", "Measures"),
        T::Selected => ("选中的标注", "Selected span"),
        T::Label => ("标签", "Label"),
        T::Value => ("数值", "Value"),
        T::Unit => ("单位", "Unit"),
        T::Currency => ("币种", "Currency"),
        T::Qualifier => ("限定", "Qualifier"),
        T::QualifierNone => ("无", "none"),
        T::Over => ("超过（超/逾/以上）", "over"),
        T::About => ("大约（约/左右）", "about"),
        T::Nearly => ("接近（近/将近）", "nearly"),
        T::MoreThan => ("有余（余/多）", "more than"),
        T::MeasureName => ("举措名称", "Measure name"),
        T::Note => ("备注", "Note"),
        T::BelongsTo => ("所属举措", "Belongs to measure"),
        T::NoMeasure => ("（无）", "(none)"),
        T::Delete => ("删除", "Delete"),
        T::AddLabel => ("添加标签", "Add label"),
        T::NewLabel => ("新标签", "New label"),
        T::Name => ("名称", "Name"),
        T::Color => ("颜色", "Colour"),
        T::Hotkey => ("快捷键", "Hotkey"),
        T::MoveUp => ("上移", "Move up"),
        T::MoveDown => ("下移", "Move down"),
        T::InUse => ("个标注正在使用此标签", "spans use this label"),
        T::RelabelTo => ("改为标签", "Relabel them to"),
        T::DeleteSpansToo => ("连同标注一起删除", "Delete them too"),
        T::Cancel => ("取消", "Cancel"),
        T::DropHint => ("松开以打开文件", "Drop files to open"),
        T::TaggingHelp => (
            "选中文字后按 1–9 或在菜单中选标签；点击标注可修改；Delete 删除；Tab 切换；Ctrl+Z 撤销。",
            "Select text, then press 1–9 or pick a label; click a span to edit it; Delete removes; Tab moves; Ctrl+Z undoes.",
        ),
        T::ReadMany => ("篇文章已读入，显示最后一篇。", "articles read; showing the last."),
        T::Documents => ("篇文章", "documents"),
        T::Search => ("搜索标题和正文", "Search titles and text"),
        T::Status => ("状态", "Status"),
        T::AllStatuses => ("全部状态", "All statuses"),
        T::SortBy => ("排序", "Sort by"),
        T::SortAdded => ("打开顺序", "Order opened"),
        T::SortTitle => ("标题", "Title"),
        T::SortDate => ("日期", "Date"),
        T::StatusTodo => ("待标", "To do"),
        T::StatusInProgress => ("进行中", "In progress"),
        T::StatusDone => ("已完成", "Done"),
        T::DeleteDocument => ("删除文章", "Delete document"),
        T::ConfirmDelete => ("删除这篇文章及其全部标注？", "Delete this document and all its spans?"),
        T::UndoDelete => ("撤销删除", "Undo delete"),
        T::Duplicate => ("与已有文章相同，未重复添加：", "is the same text as an article already open, not added twice:"),
        T::Reading => ("正在读入", "Reading"),
        T::MarkDone => ("完成并下一篇", "Done, next"),
        T::OpenFolder => ("打开文件夹", "Open folder"),
        T::StorageUsed => ("已用存储", "Storage used"),
        T::Statistics => ("统计", "Statistics"),
        T::Computing => ("正在统计全部文章……", "Counting over the whole corpus…"),
        T::Progress => ("进度", "Progress"),
        T::SpansPerLabel => ("各标签标注数", "Spans per label"),
        T::FrequentStrings => ("最常见的实体", "Most frequent entities"),
        T::Close => ("关闭", "Close"),
        T::Suggestion => ("建议的标注", "Suggested span"),
        T::Accept => ("接受", "Accept"),
        T::Reject => ("拒绝", "Reject"),
        T::AcceptAll => ("全部接受", "Accept all"),
        T::TagAll => ("文中相同文字都标上", "Tag all occurrences"),
        T::Suggestions => ("条建议", "suggestions"),
        T::ExportGazetteer => ("导出词表", "Export gazetteer"),
        T::TagAllCorpus => ("在其他文章中也标上", "Tag in the other documents"),
        T::ConfirmTagCorpus => ("在其他文章中作为建议标出这么多处：", "Suggest this label at this many places in the other documents:"),
        T::ImportGazetteer => ("导入词表", "Import gazetteer"),
        T::Backup => ("备份", "Backup"),
        T::BackupHint => ("下载全部文章、标注、标签和状态", "Download every document, span, label and status"),
        T::Restore => ("恢复", "Restore"),
        T::RestoreHint => ("从备份文件恢复", "Bring back a backup file"),
        T::AskMerge => (
            "浏览器中已有标注工作。把备份合并进来吗？（确定＝合并，取消＝其他选择）",
            "This browser already has work. Merge the backup into it? (OK = merge, Cancel = other choices)",
        ),
        T::AskReplace => (
            "用备份替换这里的全部文章和标注吗？（确定＝替换，取消＝不恢复）",
            "Replace every document and span here with the backup? (OK = replace, Cancel = do not restore)",
        ),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The name of a layer in `lang`.
pub fn layer_name(lang: Lang, layer: crate::core::labels::Layer) -> &'static str {
    use crate::core::labels::Layer;
    tr(
        lang,
        match layer {
            Layer::Entity => T::LayerEntity,
            Layer::Figure => T::LayerFigure,
            Layer::Measure => T::LayerMeasure,
        },
    )
}
