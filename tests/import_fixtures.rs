//! Fixture tests for the importer.
//!
//! - `tests/fixtures/`: one small hand-written file per quirk of the crawled corpus (see
//!   `../shared/corpus/README.md`), each checked block by block;
//! - `assets/sample-article.md`: the article the app shows on first visit;
//! - `../shared/corpus/**/*.md`: every real article, checked for the invariants of the canonical
//!   text and for boilerplate, and one of them in detail (skipped when the folder is absent).
//!
//! Offsets are code points: every expected string here is compared with the text sliced by
//! `chars()`, so an offset counted in bytes or UTF-16 units shows up as a wrong slice.
// `import_file` (html5ever) is the native build's; the browser build parses in `effects`.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::import::{
    import_file, import_file_with, limits, ImportError, NativeHtmlReader, Utf8Only, NORMALIZATION_VERSION,
};
use biaozhu::core::model::{Block, BlockKind, Cell, Document, Image, Meta};
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use BlockKind::{Caption, Heading, ListItem, Paragraph, Quote, TableCell, Title};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = manifest_dir().join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Imports a fixture under its own file name and checks the invariants of every document.
fn import_fixture(name: &str) -> Document {
    let bytes = fixture_bytes(name);
    let doc = import_file(name, &bytes).unwrap_or_else(|e| panic!("{name}: import failed: {e}"));
    assert_invariants(name, &doc);
    doc
}

/// `text[start..end]` in code points.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

fn block_text(doc: &Document, block: &Block) -> String {
    slice(&doc.text, block.start, block.end)
}

/// Every block as (kind, text), the title block first.
fn block_texts(doc: &Document) -> Vec<(BlockKind, String)> {
    doc.blocks.iter().map(|b| (b.kind, block_text(doc, b))).collect()
}

/// The body blocks (everything after the title) as (kind, text).
fn body_texts(doc: &Document) -> Vec<(BlockKind, String)> {
    block_texts(doc).into_iter().skip(1).collect()
}

fn owned(expected: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
    expected.iter().map(|(k, t)| (*k, t.to_string())).collect()
}

/// Readable listing of blocks for failure messages.
fn listing(blocks: &[(BlockKind, String)]) -> String {
    blocks.iter().enumerate().map(|(i, (k, t))| format!("  {i:>2} {k:?}: {t:?}\n")).collect()
}

fn is_ascii_ws_or_nbsp(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{a0}'
}

/// Everything the contract promises about any imported document. Returns the violations.
fn invariant_violations(name: &str, doc: &Document) -> Vec<String> {
    let mut errs = Vec::new();
    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();

    if doc.normalization != NORMALIZATION_VERSION {
        errs.push(format!("normalization {} != NORMALIZATION_VERSION {}", doc.normalization, NORMALIZATION_VERSION));
    }
    if doc.id.is_empty() || !doc.id.chars().all(|c| c.is_ascii_hexdigit()) {
        errs.push(format!("id {:?} is not a hex hash", doc.id));
    }
    if doc.meta.source_file.as_deref() != Some(name) {
        errs.push(format!("source_file {:?} != {name:?}", doc.meta.source_file));
    }
    if doc.blocks.is_empty() {
        errs.push("no blocks at all".to_string());
        return errs;
    }
    let first = &doc.blocks[0];
    if first.kind != Title || first.start != 0 {
        errs.push(format!("blocks[0] is {:?} at {}, not the Title at 0", first.kind, first.start));
    }
    if doc.title.is_empty() {
        errs.push("empty title".to_string());
    }
    if block_text(doc, first) != doc.title {
        errs.push(format!("title block {:?} != title {:?}", block_text(doc, first), doc.title));
    }
    for (i, b) in doc.blocks.iter().enumerate() {
        if i > 0 && b.kind == Title {
            errs.push(format!("block {i} is a second Title"));
        }
        if b.start >= b.end {
            errs.push(format!("block {i} ({:?}) is empty or reversed: {}..{}", b.kind, b.start, b.end));
            continue;
        }
        if b.end > n {
            errs.push(format!("block {i} ends at {} beyond the text ({n} code points)", b.end));
            continue;
        }
        if i > 0 {
            let prev = &doc.blocks[i - 1];
            if b.start != prev.end + 1 || chars.get(prev.end) != Some(&'\n') {
                errs.push(format!(
                    "block {i} starts at {} but block {} ends at {} (expected exactly one \\n between them)",
                    b.start,
                    i - 1,
                    prev.end
                ));
            }
        }
        let t = block_text(doc, b);
        if t.contains('\n') || t.contains('\r') {
            errs.push(format!("block {i} contains a line break: {t:?}"));
        }
        if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
            errs.push(format!("block {i} starts or ends with whitespace: {t:?}"));
        }
        if t.contains('\u{feff}') {
            errs.push(format!("block {i} contains a BOM: {t:?}"));
        }
        if t.contains(['\t', '\u{a0}', '\u{c}', '\u{b}']) {
            errs.push(format!("block {i} keeps a tab/NBSP/form feed instead of a space: {t:?}"));
        }
        let tc: Vec<char> = t.chars().collect();
        if tc.windows(2).any(|w| is_ascii_ws_or_nbsp(w[0]) && is_ascii_ws_or_nbsp(w[1])) {
            errs.push(format!("block {i} has an uncollapsed whitespace run: {t:?}"));
        }
        // Structure fields belong to their kinds.
        match b.level {
            Some(l) if b.kind != Heading || !(1..=6).contains(&l) => {
                errs.push(format!("block {i} ({:?}) has level {l}", b.kind))
            }
            _ => {}
        }
        if (b.cell.is_some() || b.table.is_some()) && !matches!(b.kind, TableCell | Caption) {
            errs.push(format!("block {i} ({:?}) has table/cell fields", b.kind));
        }
        if b.kind == TableCell && (b.cell.is_none() || b.table.is_none()) {
            errs.push(format!("table cell {i} {t:?} lacks table/cell"));
        }
        if b.kind == ListItem && (b.list.is_none() || b.marker.is_none()) {
            errs.push(format!("list item {i} {t:?} lacks list/marker"));
        }
        if b.kind != ListItem && (b.list.is_some() || b.marker.is_some()) {
            errs.push(format!("block {i} ({:?}) has list/marker", b.kind));
        }
        if let Some(img) = b.image {
            if b.kind != Caption {
                errs.push(format!("block {i} ({:?}) points at image {img}", b.kind));
            }
            match doc.meta.images.get(img) {
                None => errs.push(format!("caption {i} points at image {img}, which does not exist")),
                Some(image) if image.caption.as_deref() != Some(t.as_str()) => {
                    errs.push(format!("caption {i} {t:?} differs from its image's caption {:?}", image.caption))
                }
                _ => {}
            }
        }
    }
    let last = doc.blocks.last().unwrap();
    if last.end != n {
        errs.push(format!("last block ends at {} but the text has {n} code points", last.end));
    }
    for (i, image) in doc.meta.images.iter().enumerate() {
        if let Some(src) = &image.src {
            if src.starts_with("data:") || src.contains("base64") {
                errs.push(format!("image {i} keeps embedded data in src"));
            }
        }
        if image.before_block == 0 || image.before_block > doc.blocks.len() {
            errs.push(format!("image {i} has before_block {} out of range", image.before_block));
        }
        if let Some(caption) = &image.caption {
            let linked =
                doc.blocks.iter().any(|b| b.kind == Caption && b.image == Some(i) && block_text(doc, b) == *caption);
            if !linked {
                errs.push(format!("image {i} caption {caption:?} has no Caption block pointing at it"));
            }
        }
    }
    errs
}

fn assert_invariants(name: &str, doc: &Document) {
    let errs = invariant_violations(name, doc);
    assert!(
        errs.is_empty(),
        "{name}: invariants violated:\n  {}\nblocks:\n{}",
        errs.join("\n  "),
        listing(&block_texts(doc))
    );
}

/// Strings that must never reach the canonical text (boilerplate, markup, escapes).
const BOILERPLATE_MARKERS: &[&str] = &[
    "&#123;",
    "&#125;",
    "appendQr",
    "app-kaihu",
    "article_adlist",
    "news_keyword",
    "责任编辑",
    "原标题",
    "<",
    "function(",
    "font-size",
    "base64",
    "video-2017",
    "iframe",
];

fn boilerplate_in(text: &str) -> Vec<&'static str> {
    BOILERPLATE_MARKERS.iter().copied().filter(|m| text.contains(m)).collect()
}

fn cell(row: u32, col: u32, rowspan: u32, colspan: u32, header: bool) -> Cell {
    Cell { row, col, rowspan, colspan, header }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: title and body, block by block
// ---------------------------------------------------------------------------------------------

struct Case {
    file: &'static str,
    title: &'static str,
    body: &'static [(BlockKind, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        // The recogniser's fixture (tests/cli_suggest.rs): plain Sina paragraphs full of figures,
        // an astral character and an emoji, all kept as written.
        file: "figures.md",
        title: "沪警方挽回损失超7.4亿 𠮷祥电器营收增长17.9%",
        body: &[
            (Paragraph, "今年以来（1至7月份，下同），直接挽回或避免经济损失7.4亿余元，日均拦截诈骗电话21.5万通，累计预警3千余万人次。"),
            (Paragraph, "𠮷祥电器（sz300059）营收增长17.9%，毛利率提升0.6个百分点，约占市场三分之二；举措之一是在8月9日前招聘20人左右。"),
            (Paragraph, "报价为3-5万元，最大单笔金额达300万美元，股价下跌-2.5%，😀市值逾1.06万亿元。"),
        ],
    },
    Case {
        // No front matter, no <title>, no <h1>: the title is the file name without extension.
        file: "no-front-matter.md",
        title: "no-front-matter",
        body: &[
            (Paragraph, "记者从市商务委获悉，今年国庆假期全市重点商圈客流同比增长12.4%，餐饮消费额超过9亿元。"),
            (Paragraph, "业内人士认为，夜间经济和首店经济是拉动消费的两大亮点。"),
        ],
    },
    Case {
        // A blank line before `---`; the title uses YAML's '' escape for a single quote.
        file: "leading-blank-line.md",
        title: "监管部门'窗口指导'后，多家银行下调存款利率",
        body: &[
            (Paragraph, "近日，多家中小银行发布公告，下调部分期限的定期存款挂牌利率，幅度在10至15个基点之间。"),
            (Paragraph, "分析人士指出，此举有助于降低银行负债成本，为实体经济让利腾出空间。"),
        ],
    },
    Case {
        // Unescaped quotes inside a single-quoted title: not valid YAML, still read.
        file: "invalid-yaml-title.md",
        title: "央行回应'降准'传闻：保持流动性合理充裕",
        body: &[(
            Paragraph,
            "针对市场上关于近期降准的各种说法，有关负责人表示，将继续保持流动性合理充裕，不搞大水漫灌。",
        )],
    },
    Case {
        file: "empty-fields.md",
        title: "港口集装箱吞吐量连续三个月回升",
        body: &[(
            Paragraph,
            "10月份，沿海主要港口完成集装箱吞吐量2150万标准箱，同比增长6.2%，已连续三个月保持回升态势。",
        )],
    },
    Case {
        file: "invalid-date.md",
        title: "两部门发文规范涉企收费",
        body: &[(Paragraph, "通知要求，各地要在年底前完成涉企收费目录清单的梳理公开工作，清单之外一律不得收费。")],
    },
    Case {
        // An RFC 2822 date with a +0800 offset (read as UTC, see `dates_are_utc`).
        file: "date-offset.md",
        title: "夏粮收购进度快于去年同期",
        body: &[(Paragraph, "截至7月底，主产区累计收购小麦超过4000万吨，收购进度快于去年同期。")],
    },
    Case {
        // Stock links (and an ordinary link) inside words: the sentence joins without spaces.
        file: "stock-link-split-word.md",
        title: "券商半年报预告密集发布，头部机构分化明显",
        body: &[
            (Paragraph, "东方财富日前披露，旗下证券子公司上半年营业收入同比增长约三成。"),
            (Paragraph, "与之形成对比的是，太平洋证券预计上半年出现亏损。"),
            (Paragraph, "此外，国泰君安、中信证券均提到自营业务收入有所下滑。"),
            (Paragraph, "目前交易所已关注到相关情况。"),
        ],
    },
    Case {
        // An ad list with HTML and text inside, and one whose `]article_adlist` never comes:
        // the paragraph after it is still text.
        file: "unclosed-adlist.md",
        title: "前两月外贸开局平稳，机电产品出口增长较快",
        body: &[
            (
                Paragraph,
                "海关统计数据显示，前两个月我国货物贸易进出口总值同比增长13.3%，其中机电产品出口占比接近六成。",
            ),
            (Paragraph, "分析人士认为，外需韧性仍在，但后续仍需关注海外通胀对订单的影响。"),
            (Paragraph, "海关总署表示，下一步将继续推进跨境贸易便利化改革。"),
        ],
    },
    Case {
        // Style blocks with &#123;, both QR promo boxes, a script, comments, the editor line.
        file: "style-qr-footer.md",
        title: "多地出台措施促进新能源汽车消费",
        body: &[
            (Paragraph, "进入5月以来，已有十余个城市发布汽车消费补贴政策，其中新能源车型的单车补贴最高可达1万元。"),
            (Paragraph, "业内预计，相关政策将在二季度末集中显效。"),
        ],
    },
    Case {
        // Nested img_wrapper, empty caption, base64 image, video placeholder, img-desc, figure.
        file: "nested-images-captions.md",
        title: "洋山港四期自动化码头吞吐量再创新高",
        body: &[
            (Paragraph, "记者从港口运营方获悉，去年全年自动化码头完成集装箱吞吐量超过570万标准箱。"),
            (Caption, "自动化码头的桥吊正在作业"),
            (Paragraph, "与传统码头相比，自动化码头的单机作业效率提升了约三成。"),
            (Paragraph, "运营方表示，今年将继续扩充远程操控岗位。"),
            (Caption, "示意图：三种装卸模式对比"),
            (Paragraph, "业内人士认为，港口数字化仍有较大空间。"),
            (Caption, "图1：近五年吞吐量变化"),
            (Caption, "夜间作业的集装箱堆场"),
            (Paragraph, "预计到2025年，自动化码头的年吞吐能力将进一步提升。"),
        ],
    },
    Case {
        // A caption with two spaces (collapsed), th/thead, rowspan/colspan, an empty cell and a
        // cell indented with ideographic spaces.
        file: "table-spans.md",
        title: "三季度末部分区小微企业贷款情况",
        body: &[
            (Paragraph, "以下为三季度末部分区的贷款数据。"),
            (Caption, "表1 三季度末部分区小微贷款情况"),
            (TableCell, "地区"),
            (TableCell, "贷款余额"),
            (TableCell, "金额（亿元）"),
            (TableCell, "同比（%）"),
            (TableCell, "浦东新区"),
            (TableCell, "1520.4"),
            (TableCell, "18.2"),
            (TableCell, "闵行区"),
            (TableCell, "610.8"),
            (TableCell, "16.5"),
            (Paragraph, "注：数据为初步统计。"),
            (TableCell, "行业"),
            (TableCell, "增速（%）"),
            (TableCell, "备注"),
            (TableCell, "制造业"),
            (TableCell, "12.1"),
            (TableCell, "合计"),
            (TableCell, "—"),
        ],
    },
    Case {
        // A Xueqiu-style body: bare text in the wrapper <div>, separated only by <br>.
        file: "br-only-body.md",
        title: "05-19 📈 +0.5200%",
        body: &[(Paragraph, "最新净值 1.0321"), (Paragraph, "今日涨幅 +0.5200%（¥0.0053）")],
    },
    Case {
        // <br> ends a block; a double <br> makes no empty block; the kind carries over.
        file: "br-in-paragraph.md",
        title: "公司关于变更名称及经营范围的公告",
        body: &[
            (Paragraph, "公告显示："),
            (Paragraph, "一、公司名称拟变更为某某科技股份有限公司；"),
            (Paragraph, "二、经营范围增加数据处理服务。"),
            (Quote, "本次变更尚需提交股东大会审议。"),
            (Quote, "敬请投资者注意风险。"),
        ],
    },
    Case {
        file: "blockquote-headings.md",
        title: "一家公司如何自建研发协作平台",
        body: &[
            (Quote, "编者按：本文由编译团队整理，介绍一家公司内部协作平台的设计思路。"),
            (Paragraph, "这家公司的研发人员分布在多个城市，需要共享大量设计文件。"),
            (Heading, "一、为什么要自建平台"),
            (Paragraph, "现成的网盘难以满足权限管理和审计的要求。"),
            (Heading, "权限模型的特点"),
            (ListItem, "按项目划分工作区；"),
            (ListItem, "按角色授予读写权限。"),
            (ListItem, "支持离线缓存"),
            (ListItem, "支持版本回溯"),
            (Quote, "没有段落标签的引用文字。"),
        ],
    },
    Case {
        // Bold through nested <font cms-style="… strong-Bold">, <strong>, <b>: a paragraph that is
        // bold throughout is a heading; a bold prefix or middle keeps it a paragraph.
        file: "nested-font-bold.md",
        title: "小微贷款投放提速，多家银行下调贷款利率",
        body: &[
            (Heading, "小微贷款投放明显提速"),
            (Paragraph, "一季度，全国普惠小微贷款新增超过1万亿元。"),
            (Heading, "利率还有下降空间吗？"),
            (Heading, "政策支持："),
            (Heading, "银行让利力度加大"),
            (Heading, "风险如何把控"),
            (Paragraph, "本报讯（记者 林舟）今年以来，多家银行下调了小微企业贷款利率。"),
            (Paragraph, "快讯：某股份制银行宣布普惠贷款利率再降10个基点。"),
            (Paragraph, "截至一季度末，普惠小微贷款余额同比增长超过两成，增速继续高于各项贷款。"),
        ],
    },
    Case {
        // Raw symbols, an astral ideograph, emoji, combining marks and decoded entities.
        file: "raw-symbols.md",
        title: "气温跌破0℃ 𠮷祥电器暖风机销量📈翻倍",
        body: &[
            (Paragraph, "►要点：气温降至-5℃以下时，取暖设备的销量明显上升。"),
            (Paragraph, "春运客流：北京→上海方向日均发送旅客约12万人次。"),
            (Paragraph, "当日沪指收跌0.8% 📉，𠮷祥电器逆势上涨4.2%。"),
            (Paragraph, "法式甜品店Cafe\u{301} Lumie\u{300}re的R&D支出占比<5%。"),
        ],
    },
    Case {
        // Plain text: the first non-empty line is the title, each further non-empty line a
        // paragraph; nothing is read as markup or entities.
        file: "plain.txt",
        title: "央行开展1000亿元逆回购操作",
        body: &[
            (Paragraph, "人民银行今天以利率招标方式开展了1000亿元7天期逆回购操作。"),
            (Paragraph, "当日有500亿元逆回购到期，实现净投放500亿元。"),
            (Paragraph, "交易员称，隔夜利率仍<2%，R&D类科技企业的发债热情较高。"),
        ],
    },
    Case {
        // A whole HTML document: the title from <title>, the <h1> a level-1 heading of the body.
        file: "bare.html",
        title: "城市夜间经济观察",
        body: &[
            (Heading, "夜间经济点亮城市消费新场景"),
            (Paragraph, "入夏以来，多个城市延长商圈营业时间，夜间消费占全天消费的比重升至三成以上。"),
            (Paragraph, "业内人士建议，夜间经济还需在交通接驳和公共安全上补齐短板。"),
        ],
    },
    Case {
        // \r\n line endings, one of them inside a paragraph between two CJK characters.
        file: "crlf.md",
        title: "十月份制造业采购经理指数小幅回落",
        body: &[
            (Paragraph, "10月份，制造业采购经理指数为49.2%，比上月下降0.4个百分点。"),
            (
                Paragraph,
                "统计部门分析，能耗双控和部分原材料价格高位运行，对生产形成了一定制约；小微企业融资环境总体改善。",
            ),
        ],
    },
    Case {
        // A UTF-8 byte-order mark right before `---`.
        file: "bom.md",
        title: "新能源车下乡活动启动",
        body: &[(Paragraph, "本次活动覆盖多个省份，参与车型的价格区间主要在5万至15万元之间。")],
    },
    Case {
        file: "duplicate-a.md",
        title: "前4个月居民消费价格温和上涨",
        body: &[
            (Paragraph, "统计部门最新公布，今年前4个月居民消费价格指数同比涨幅为1.4%。"),
            (Paragraph, "分项看，猪肉等食品价格有所回落，能源类价格涨幅较大。"),
        ],
    },
    Case {
        file: "duplicate-b.md",
        title: "CPI前4个月同比涨1.4% 食品价格有所回落",
        body: &[
            (Paragraph, "统计部门最新公布，今年前4个月居民消费价格指数同比涨幅为1.4%。"),
            (Paragraph, "分项看，猪肉等食品价格有所回落，能源类价格涨幅较大。"),
        ],
    },
    Case {
        // Runs of spaces/tabs/NBSP collapse to one space; a run with a line break between two
        // CJK characters disappears; one between CJK and Latin stays a space; an all-blank
        // paragraph gives no block.
        file: "whitespace-collapse.md",
        title: "空白字符的归一化",
        body: &[
            (Paragraph, "Netflix Drive 是一种面向媒体资产的云盘。"),
            (Paragraph, "小微企业融资难的问题正在缓解。"),
            (Paragraph, "使用 Windows 11 的用户可以升级。"),
            (Paragraph, "中国 经济 韧性强"),
            (Paragraph, "制表符 开头和结尾"),
            (Paragraph, "央行"),
            (Paragraph, "普惠金融服务"),
        ],
    },
    Case {
        // Front matter followed by a plain-text body (no markup): one paragraph per line.
        file: "plain-body.md",
        title: "纯文本正文的文章",
        body: &[
            (Paragraph, "北京时间10月5日，美股三大指数集体收涨。"),
            (Paragraph, "科技股普遍反弹，半导体板块涨幅居前。"),
        ],
    },
    Case {
        // A post saved in GBK, declaring nothing: front matter and Sina-style HTML body.
        file: "gbk.md",
        title: "沪上银行业支持小微企业：贷款余额同比增长12.5%",
        body: &[
            (Paragraph, "记者从上海银保监局获悉，截至6月末，辖内小微企业贷款余额达1.2万亿元，同比增长12.5%。"),
            (Heading, "举措之一：降低融资成本"),
            (Paragraph, "“首贷户”数量超过3万户，平均利率较年初下降0.3个百分点。"),
        ],
    },
    Case {
        // GB18030 proper: 𠮷 (U+20BB7) is a four-byte sequence, outside GBK.
        file: "gb18030.html",
        title: "𠮷祥电器发布半年报",
        body: &[
            (Paragraph, "𠮷祥电器上半年营收增长17.9%，毛利率提升0.6个百分点。"),
            (Paragraph, "公司表示，将继续推进“𠮷”字商标的保护工作。"),
        ],
    },
    Case {
        // GBK bytes under an old-style `<meta http-equiv … charset=gb2312>`.
        file: "gbk-declared-meta.html",
        title: "央行开展1000亿元逆回购操作",
        body: &[
            (Paragraph, "中国人民银行今日以利率招标方式开展了1000亿元逆回购操作。"),
            (Paragraph, "业内人士认为，流动性将保持合理充裕。"),
        ],
    },
];

/// Fixtures that must be refused, with the exact message.
const REFUSED: &[(&str, &str)] = &[
    ("random-bytes.md", "random-bytes.md: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 0)"),
    ("bom-only.md", "bom-only.md: the file is empty"),
];

#[test]
fn every_fixture_has_a_case() {
    let dir = manifest_dir().join("tests/fixtures");
    let on_disk: BTreeSet<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let covered: BTreeSet<String> = CASES
        .iter()
        .map(|c| c.file)
        .chain(REFUSED.iter().map(|(f, _)| *f))
        .chain(["bare-h1-title.html"])
        .map(String::from)
        .collect();
    let missing: Vec<_> = on_disk.difference(&covered).collect();
    assert!(missing.is_empty(), "fixtures without a case: {missing:?}");
}

#[test]
fn fixtures_import_to_the_expected_blocks() {
    let mut failures = Vec::new();
    for case in CASES {
        let bytes = fixture_bytes(case.file);
        let doc = match catch_unwind(|| import_file(case.file, &bytes)) {
            Err(_) => {
                failures.push(format!("{}: import panicked", case.file));
                continue;
            }
            Ok(Err(e)) => {
                failures.push(format!("{}: import failed: {e}", case.file));
                continue;
            }
            Ok(Ok(doc)) => doc,
        };
        let errs = invariant_violations(case.file, &doc);
        if !errs.is_empty() {
            failures.push(format!("{}: invariants violated:\n    {}", case.file, errs.join("\n    ")));
        }
        if doc.title != case.title {
            failures.push(format!("{}: title {:?}, expected {:?}", case.file, doc.title, case.title));
        }
        let got = body_texts(&doc);
        let want = owned(case.body);
        if got != want {
            failures.push(format!(
                "{}: body blocks differ\n  expected:\n{}  got:\n{}",
                case.file,
                listing(&want),
                listing(&got)
            ));
        }
        // A marker the fixture's own text contains on purpose (`<` in `<5%`) is not junk.
        let expected_text = case.body.iter().map(|(_, t)| *t).collect::<String>();
        let junk: Vec<_> = boilerplate_in(&doc.text).into_iter().filter(|m| !expected_text.contains(m)).collect();
        if !junk.is_empty() {
            failures.push(format!("{}: boilerplate in text: {junk:?}", case.file));
        }
    }
    assert!(failures.is_empty(), "{} fixture(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn text_is_title_and_blocks_joined_by_newlines() {
    for case in CASES {
        let doc = import_fixture(case.file);
        let joined =
            std::iter::once(case.title).chain(case.body.iter().map(|(_, t)| *t)).collect::<Vec<_>>().join("\n");
        assert_eq!(doc.text, joined, "{}", case.file);
    }
}

// ---------------------------------------------------------------------------------------------
// Ids and determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn same_bytes_give_the_same_document_and_distinct_texts_distinct_ids() {
    let mut ids: BTreeMap<String, &str> = BTreeMap::new();
    for case in CASES {
        let a = import_fixture(case.file);
        let b = import_fixture(case.file);
        assert_eq!(a, b, "{}: two imports of the same bytes differ", case.file);
        if let Some(other) = ids.insert(a.id.clone(), case.file) {
            panic!("{} and {other} have different texts but the same id {}", case.file, a.id);
        }
    }
}

#[test]
fn id_depends_only_on_the_text() {
    // The same text under another file name (and so another source_file) keeps its id.
    let bytes = fixture_bytes("duplicate-a.md");
    let a = import_file("duplicate-a.md", &bytes).unwrap();
    let b = import_file("copy/of/another-name.md", &bytes).unwrap();
    assert_eq!(a.text, b.text);
    assert_eq!(a.id, b.id);
}

#[test]
fn duplicate_articles_share_the_body_but_not_the_id() {
    let a = import_fixture("duplicate-a.md");
    let b = import_fixture("duplicate-b.md");
    assert_eq!(body_texts(&a), body_texts(&b), "the same body must give the same blocks");
    assert_ne!(a.title, b.title);
    assert_ne!(a.id, b.id, "the title is part of the text, so the ids differ");
    assert_eq!(a.meta.date.as_deref(), Some("2022-05-16T03:41:19Z"));
    assert_eq!(b.meta.date.as_deref(), Some("2022-05-17T08:10:00Z"));
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

fn sina_categories() -> Vec<String> {
    vec!["金融".to_string(), "新浪财经".to_string(), "新浪财经－国內".to_string()]
}

#[test]
fn front_matter_becomes_metadata() {
    let doc = import_fixture("leading-blank-line.md");
    let m = &doc.meta;
    assert_eq!(m.author.as_deref(), Some("新浪财经"));
    assert_eq!(m.categories, sina_categories(), "categories keep the full-width hyphen and 內");
    assert_eq!(m.date.as_deref(), Some("2022-07-06T08:05:09Z"));
    assert_eq!(m.date_raw.as_deref(), Some("Wed, 06 Jul 2022 08:05:09 GMT"));
    assert_eq!(m.head_image.as_deref(), Some("https://example.invalid/img/leading.jpg"));
    assert_eq!(m.source_file.as_deref(), Some("leading-blank-line.md"));
    assert_eq!(m.original_title, None);
    assert_eq!(m.editor, None);
    assert_eq!(m.extra.get("comments").map(String::as_str), Some("false"), "other fields are kept in extra");
    assert!(!m.extra.contains_key("title") && !m.extra.contains_key("date"), "known fields are not repeated in extra");
}

#[test]
fn invalid_yaml_still_yields_every_field() {
    let doc = import_fixture("invalid-yaml-title.md");
    assert_eq!(doc.title, "央行回应'降准'传闻：保持流动性合理充裕");
    assert_eq!(doc.meta.author.as_deref(), Some("新浪财经"));
    assert_eq!(doc.meta.categories, sina_categories());
    assert_eq!(doc.meta.date.as_deref(), Some("2021-12-03T10:15:00Z"));
    assert_eq!(doc.meta.head_image.as_deref(), Some("https://example.invalid/img/invalid-yaml.jpg"));
    assert!(!doc.text.contains("title:") && !doc.text.contains("categories"), "front matter leaked into the text");
}

#[test]
fn empty_fields_are_absent() {
    let doc = import_fixture("empty-fields.md");
    assert_eq!(doc.meta.author, None);
    assert!(doc.meta.categories.is_empty(), "categories: {:?}", doc.meta.categories);
    assert_eq!(doc.meta.head_image, None);
    assert_eq!(doc.meta.date.as_deref(), Some("2021-11-18T02:30:45Z"));
}

#[test]
fn invalid_date_keeps_the_raw_text() {
    let doc = import_fixture("invalid-date.md");
    assert_eq!(doc.meta.date, None);
    assert_eq!(doc.meta.date_raw.as_deref(), Some("Invalid Date"));
    assert_eq!(doc.meta.categories, sina_categories());
}

#[test]
fn dates_are_utc() {
    // The contract: an RFC 2822 date becomes ISO 8601 in UTC, written with `Z`, whatever zone the
    // file used; the raw text is kept as written.
    let doc = import_fixture("date-offset.md");
    assert_eq!(doc.meta.date_raw.as_deref(), Some("Mon, 09 Aug 2021 14:59:27 +0800"));
    assert_eq!(doc.meta.date.as_deref(), Some("2021-08-09T06:59:27Z"));
}

#[test]
fn without_front_matter_the_metadata_is_empty_but_the_editor_is_read() {
    let doc = import_fixture("no-front-matter.md");
    assert_eq!(doc.title, "no-front-matter");
    let m = &doc.meta;
    assert_eq!((m.date.as_deref(), m.date_raw.as_deref(), m.author.as_deref()), (None, None, None));
    assert!(m.categories.is_empty());
    assert_eq!(m.editor.as_deref(), Some("马思远"));
}

#[test]
fn editor_line_and_footer_are_metadata_or_nothing() {
    let doc = import_fixture("style-qr-footer.md");
    assert_eq!(doc.meta.editor.as_deref(), Some("郑可欣"));
    for promo in ["开户送好礼", "扫一扫", "推广脚本", "text-align", "window."] {
        assert!(!doc.text.contains(promo), "promo text {promo:?} leaked into the text");
    }
    let doc = import_fixture("unclosed-adlist.md");
    assert_eq!(doc.meta.editor.as_deref(), Some("尹悦"));
    for ad in ["猜你喜欢", "广告推广"] {
        assert!(!doc.text.contains(ad), "ad text {ad:?} leaked into the text");
    }
}

#[test]
fn promo_box_pictures_are_not_article_images() {
    // The QR codes of the footer are boilerplate like their text; the ad list's picture is
    // inside a comment.
    let doc = import_fixture("style-qr-footer.md");
    assert!(doc.meta.images.is_empty(), "footer pictures listed as article images: {:?}", doc.meta.images);
    let doc = import_fixture("unclosed-adlist.md");
    assert!(doc.meta.images.is_empty(), "ad-list pictures listed as article images: {:?}", doc.meta.images);
}

#[test]
fn bare_html_reads_title_and_author_from_head() {
    let doc = import_fixture("bare.html");
    assert_eq!(doc.title, "城市夜间经济观察");
    assert_eq!(doc.meta.author.as_deref(), Some("王子涵"));
    assert_eq!(doc.blocks[1].level, Some(1));
    assert!(!doc.text.contains("font-family") && !doc.text.contains("console.log"));
}

#[test]
fn html_without_title_takes_the_first_h1() {
    let doc = import_fixture("bare-h1-title.html");
    assert_eq!(doc.title, "社区团购进入精耕细作阶段");
    assert!(body_texts(&doc).contains(&(Paragraph, "多家平台放缓了开城速度，转而提升履约效率。".to_string())));
}

#[test]
fn plain_text_has_no_metadata_but_its_source() {
    let doc = import_fixture("plain.txt");
    let expected = Meta { source_file: Some("plain.txt".to_string()), ..Meta::default() };
    assert_eq!(doc.meta, expected);
}

// ---------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------

#[test]
fn headings_have_levels() {
    let doc = import_fixture("blockquote-headings.md");
    let levels: Vec<(String, Option<u8>)> =
        doc.blocks.iter().filter(|b| b.kind == Heading).map(|b| (block_text(&doc, b), b.level)).collect();
    assert_eq!(levels, vec![("一、为什么要自建平台".to_string(), Some(3)), ("权限模型的特点".to_string(), Some(4))]);
}

#[test]
fn list_items_know_their_list_and_marker() {
    let doc = import_fixture("blockquote-headings.md");
    let items: Vec<(String, Option<u32>, Option<String>)> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == ListItem)
        .map(|b| (block_text(&doc, b), b.list, b.marker.clone()))
        .collect();
    let want = vec![
        ("按项目划分工作区；".to_string(), Some(0), Some("1.".to_string())),
        ("按角色授予读写权限。".to_string(), Some(0), Some("2.".to_string())),
        ("支持离线缓存".to_string(), Some(1), Some("•".to_string())),
        ("支持版本回溯".to_string(), Some(1), Some("•".to_string())),
    ];
    assert_eq!(items, want);
}

#[test]
fn table_cells_sit_in_the_grid() {
    let doc = import_fixture("table-spans.md");
    let cells: Vec<(String, Option<u32>, Option<Cell>)> =
        doc.blocks.iter().filter(|b| b.kind == TableCell).map(|b| (block_text(&doc, b), b.table, b.cell)).collect();
    let c = |t: &str, table: u32, cell: Cell| (t.to_string(), Some(table), Some(cell));
    let want = vec![
        c("地区", 0, cell(0, 0, 2, 1, true)),
        c("贷款余额", 0, cell(0, 1, 1, 2, true)),
        // Row 1 starts at column 1: column 0 is still taken by 地区's rowspan.
        c("金额（亿元）", 0, cell(1, 1, 1, 1, true)),
        c("同比（%）", 0, cell(1, 2, 1, 1, true)),
        c("浦东新区", 0, cell(2, 0, 1, 1, false)),
        c("1520.4", 0, cell(2, 1, 1, 1, false)),
        c("18.2", 0, cell(2, 2, 1, 1, false)),
        c("闵行区", 0, cell(3, 0, 1, 1, false)),
        c("610.8", 0, cell(3, 1, 1, 1, false)),
        c("16.5", 0, cell(3, 2, 1, 1, false)),
        c("行业", 1, cell(0, 0, 1, 1, false)),
        c("增速（%）", 1, cell(0, 1, 1, 1, false)),
        c("备注", 1, cell(0, 2, 1, 1, false)),
        c("制造业", 1, cell(1, 0, 1, 1, false)),
        c("12.1", 1, cell(1, 1, 1, 1, false)),
        // (1, 2) is empty: no block.
        c("合计", 1, cell(2, 0, 1, 2, false)),
        c("—", 1, cell(2, 2, 1, 1, false)),
    ];
    assert_eq!(cells, want, "cells must carry their grid position (after rowspans and colspans)");
    let captions: Vec<(String, Option<u32>, Option<usize>)> =
        doc.blocks.iter().filter(|b| b.kind == Caption).map(|b| (block_text(&doc, b), b.table, b.image)).collect();
    assert_eq!(captions, vec![("表1 三季度末部分区小微贷款情况".to_string(), Some(0), None)]);
}

#[test]
fn images_are_listed_with_their_captions() {
    let doc = import_fixture("nested-images-captions.md");
    let image = |src: Option<&str>, alt: Option<&str>, caption: Option<&str>, before_block: usize| Image {
        src: src.map(str::to_string),
        alt: alt.map(str::to_string),
        caption: caption.map(str::to_string),
        before_block,
    };
    // Blocks: 0 title, 1 P, 2 Cap, 3 P, 4 P, 5 Cap, 6 P, 7 Cap, 8 Cap, 9 P.
    let want = vec![
        image(Some("https://example.invalid/img/harbor.jpg"), Some("码头"), Some("自动化码头的桥吊正在作业"), 2),
        image(Some("https://example.invalid/img/chart.png"), None, None, 4),
        image(None, None, Some("示意图：三种装卸模式对比"), 5),
        image(Some("https://example.invalid/img/growth.png"), None, Some("图1：近五年吞吐量变化"), 7),
        image(Some("https://example.invalid/img/night.jpg"), Some("夜景"), Some("夜间作业的集装箱堆场"), 8),
    ];
    assert_eq!(doc.meta.images, want);
    let caption_links: Vec<(usize, Option<usize>)> =
        doc.blocks.iter().enumerate().filter(|(_, b)| b.kind == Caption).map(|(i, b)| (i, b.image)).collect();
    assert_eq!(caption_links, vec![(2, Some(0)), (5, Some(2)), (7, Some(3)), (8, Some(4))]);
    assert!(!doc.text.contains("iVBOR"), "base64 data in the text");
}

#[test]
fn offsets_are_code_points_even_for_astral_characters() {
    let doc = import_fixture("raw-symbols.md");
    let title = "气温跌破0℃ 𠮷祥电器暖风机销量📈翻倍";
    // 19 code points, 21 UTF-16 units, 53 bytes: only the first is right.
    assert_eq!(doc.blocks[0].end, title.chars().count());
    assert_eq!(doc.blocks[0].end, 19);
    let sentence = "当日沪指收跌0.8% 📉，𠮷祥电器逆势上涨4.2%。";
    let b = doc.blocks.iter().find(|b| block_text(&doc, b) == sentence).expect("the sentence with 𠮷 and 📉");
    let byte_start = doc.text.find(sentence).unwrap();
    assert_eq!(b.start, doc.text[..byte_start].chars().count());
    assert_eq!(b.end - b.start, sentence.chars().count());
    // A combining accent stays a separate code point (no Unicode normalisation).
    assert!(doc.text.contains("Cafe\u{301}"));
}

// ---------------------------------------------------------------------------------------------
// Encodings, line endings, extensions
// ---------------------------------------------------------------------------------------------

#[test]
fn crlf_gives_the_same_document_as_lf() {
    let crlf = fixture_bytes("crlf.md");
    assert!(crlf.windows(2).any(|w| w == b"\r\n"), "the fixture must use \\r\\n");
    let lf = String::from_utf8(crlf.clone()).unwrap().replace("\r\n", "\n");
    let a = import_file("crlf.md", &crlf).unwrap();
    let b = import_file("crlf.md", lf.as_bytes()).unwrap();
    assert_eq!(a, b);
    assert!(!a.text.contains('\r'));
    assert_eq!(a.meta.editor.as_deref(), Some("尹悦"));
    assert_eq!(a.meta.date.as_deref(), Some("2021-10-31T01:30:00Z"));
}

#[test]
fn a_utf8_bom_is_ignored() {
    let with_bom = fixture_bytes("bom.md");
    assert!(with_bom.starts_with(b"\xEF\xBB\xBF"), "the fixture must start with a BOM");
    let a = import_fixture("bom.md");
    let b = import_file("bom.md", &with_bom[3..]).unwrap();
    assert_eq!(a, b);
    assert!(!a.title.starts_with('\u{feff}'));
    assert_eq!(a.meta.date.as_deref(), Some("2022-05-27T09:00:00Z"));
    assert_eq!(a.meta.categories, sina_categories());
}

#[test]
fn markdown_and_htm_extensions_are_aliases() {
    let md = fixture_bytes("leading-blank-line.md");
    let a = import_file("leading-blank-line.md", &md).unwrap();
    let b = import_file("leading-blank-line.markdown", &md).unwrap();
    assert_eq!((a.text, a.blocks), (b.text, b.blocks));
    let html = fixture_bytes("bare.html");
    let a = import_file("bare.html", &html).unwrap();
    let b = import_file("bare.htm", &html).unwrap();
    assert_eq!((a.text, a.blocks), (b.text, b.blocks));
}

#[test]
fn extensions_are_case_insensitive() {
    let md = fixture_bytes("leading-blank-line.md");
    let a = import_file("leading-blank-line.md", &md).unwrap();
    let b = import_file("LEADING-BLANK-LINE.MD", &md).unwrap();
    assert_eq!((a.text, a.blocks), (b.text, b.blocks));
    let txt = fixture_bytes("plain.txt");
    let a = import_file("plain.txt", &txt).unwrap();
    let b = import_file("plain.TXT", &txt).unwrap();
    assert_eq!((a.text, a.blocks), (b.text, b.blocks));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let inputs: &[(&str, &[u8])] = &[
        ("empty", b""),
        ("nul byte", b"\n---\ntitle: 'x'\n---\n<p>\x00\x01\x02</p>"),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("invalid utf-8", b"<p>\xff\xfe\xfd</p>"),
        ("truncated utf-8", b"\xe4\xb8"),
        ("latin-1", b"<p>caf\xe9 cr\xe8me</p>"),
    ];
    for ext in ["md", "txt", "html"] {
        for (what, bytes) in inputs {
            let name = format!("bad.{ext}");
            let result = catch_unwind(AssertUnwindSafe(|| import_file(&name, bytes)));
            match result {
                Err(_) => panic!("{what} as .{ext}: import panicked"),
                Ok(r) => {
                    let r: Result<Document, ImportError> = r;
                    assert!(r.is_err(), "{what} as .{ext}: expected an error, got {:?}", r.map(|d| d.text));
                }
            }
        }
    }
}

#[test]
fn truncated_files_never_panic() {
    // Files cut anywhere (an interrupted download) import or fail cleanly.
    let mut sources = vec![(
        "sample-article.md".to_string(),
        std::fs::read(manifest_dir().join("assets/sample-article.md")).unwrap(),
    )];
    for name in ["table-spans.md", "nested-images-captions.md", "invalid-yaml-title.md"] {
        sources.push((name.to_string(), fixture_bytes(name)));
    }
    for (name, bytes) in sources {
        let text = String::from_utf8(bytes).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        for cut in cuts {
            let part = &text.as_bytes()[..cut];
            let result = catch_unwind(AssertUnwindSafe(|| import_file(&name, part)));
            match result {
                Err(_) => panic!("{name} cut at byte {cut}: import panicked"),
                Ok(Ok(doc)) => {
                    let errs = invariant_violations(&name, &doc);
                    assert!(errs.is_empty(), "{name} cut at byte {cut}: {errs:?}");
                }
                Ok(Err(_)) => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The built-in sample article
// ---------------------------------------------------------------------------------------------

#[test]
fn sample_article_imports_richly() {
    let name = "sample-article.md";
    let bytes = std::fs::read(manifest_dir().join("assets").join(name)).unwrap();
    let doc = import_file(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_invariants(name, &doc);
    let blocks = body_texts(&doc);
    let count = |k: BlockKind| blocks.iter().filter(|(kind, _)| *kind == k).count();

    assert_eq!(doc.title, "上海四方面举措为小微企业融资“解渴”，前8个月普惠小微贷款增长17.9%");
    let headings: Vec<&str> = blocks.iter().filter(|(k, _)| *k == Heading).map(|(_, t)| t.as_str()).collect();
    assert!(headings.len() >= 3, "headings: {headings:?}");
    for (h, prefix) in headings.iter().zip(["举措之一", "举措之二", "举措之三", "举措之四"]) {
        assert!(h.starts_with(prefix), "heading {h:?} should start with {prefix}");
    }
    assert!(count(Paragraph) >= 10, "{} paragraphs:\n{}", count(Paragraph), listing(&blocks));
    assert!(count(TableCell) >= 4, "no table:\n{}", listing(&blocks));
    assert!(
        doc.blocks.iter().any(|b| b.kind == Caption && b.table == Some(0)),
        "no table caption:\n{}",
        listing(&blocks)
    );
    assert!(
        doc.blocks.iter().any(|b| b.kind == Caption && b.image == Some(0)),
        "no image caption:\n{}",
        listing(&blocks)
    );
    assert_eq!(doc.meta.images.len(), 1, "{:?}", doc.meta.images);
    assert_eq!(doc.meta.images[0].caption.as_deref(), Some("上海𠮷祥精密部件有限公司的生产车间（资料图）"));

    let m = &doc.meta;
    assert_eq!(m.editor.as_deref(), Some("宋雨桐"));
    assert_eq!(m.original_title.as_deref(), Some("上海多部门合力破解小微企业融资难 今年以来新增首贷户1.5万户"));
    assert_eq!(m.date.as_deref(), Some("2021-09-14T03:20:11Z"));
    assert_eq!(m.author.as_deref(), Some("新浪财经"));
    assert_eq!(m.categories, sina_categories());

    assert!(blocks[0].1.starts_with("在9月13日下午举行的市政府新闻发布会上"), "{:?}", blocks[0]);
    assert!(doc.text.contains("据介绍，浦发银行、上海银行等12家在沪银行"), "stock links must not split the sentence");
    // What a new user is invited to tag is all there.
    for figure in [
        "12.6亿元",
        "3千余万元",
        "300万美元",
        "近5亿元",
        "2.3万家",
        "1.5万户",
        "320个",
        "800余人次",
        "17.9%",
        "3.5个百分点",
        "百分之三十",
        "三分之二",
        "1.5倍",
        "3至5年",
        "上海市金融监管局",
        "𠮷祥",
    ] {
        assert!(doc.text.contains(figure), "sample text lacks {figure:?}");
    }
    let junk = boilerplate_in(&doc.text);
    assert!(junk.is_empty(), "boilerplate in the sample: {junk:?}");
    for promo in ["扫码下载客户端", "延伸阅读", "一文看懂"] {
        assert!(!doc.text.contains(promo), "promo {promo:?} in the sample text");
    }
}

// ---------------------------------------------------------------------------------------------
// The real corpus
// ---------------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    manifest_dir().join("../shared/corpus")
}

fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") && path.file_name().is_some_and(|n| n != "README.md") {
            out.push(path);
        }
    }
}

/// The value of a top-level front-matter field as written (quotes removed, '' unescaped).
fn front_matter_field(raw: &str, key: &str) -> Option<String> {
    let front = raw.trim_start().strip_prefix("---")?;
    let front = &front[..front.find("\n---")?];
    let line = front.lines().find(|l| l.starts_with(&format!("{key}:")))?;
    let value = line[key.len() + 1..].trim();
    let value = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => value.to_string(),
    };
    Some(value)
}

fn front_matter_list(raw: &str, key: &str) -> Vec<String> {
    let mut lines = raw.lines().skip_while(|l| !l.starts_with(&format!("{key}:"))).skip(1);
    let mut items = Vec::new();
    while let Some(item) = lines.next().and_then(|l| l.trim_start().strip_prefix("- ")) {
        items.push(item.trim().to_string());
    }
    items
}

#[test]
fn every_corpus_article_imports_cleanly() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        println!("skipping: ../shared/corpus not found");
        return;
    }
    let mut files = Vec::new();
    corpus_files(&dir, &mut files);
    assert!(!files.is_empty(), "no .md files under {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let raw = std::fs::read(path).unwrap();
        let doc = match catch_unwind(|| import_file(&name, &raw)) {
            Err(_) => {
                failures.push(format!("{name}: import panicked"));
                continue;
            }
            Ok(Err(e)) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
            Ok(Ok(doc)) => doc,
        };
        let raw = String::from_utf8(raw).unwrap();
        let mut errs = invariant_violations(&name, &doc);
        if let Some(title) = front_matter_field(&raw, "title") {
            if doc.title != title {
                errs.push(format!("title {:?} != front matter title {title:?}", doc.title));
            }
        }
        if doc.blocks.len() < 2 {
            errs.push("no body blocks".to_string());
        }
        let junk = boilerplate_in(&doc.text);
        if !junk.is_empty() {
            errs.push(format!("boilerplate in text: {junk:?}"));
        }
        if doc.text.contains("新浪财经APP") {
            errs.push("QR promo text in text".to_string());
        }
        if let Some(date) = front_matter_field(&raw, "date") {
            if doc.meta.date_raw.as_deref() != Some(date.as_str()) {
                errs.push(format!("date_raw {:?} != {date:?}", doc.meta.date_raw));
            }
            if date != "Invalid Date" && !doc.meta.date.as_deref().is_some_and(|d| d.ends_with('Z')) {
                errs.push(format!("date {date:?} read as {:?}", doc.meta.date));
            }
        }
        let categories = front_matter_list(&raw, "categories");
        if doc.meta.categories != categories {
            errs.push(format!("categories {:?} != {categories:?}", doc.meta.categories));
        }
        if let Some(author) = front_matter_field(&raw, "author").filter(|a| !a.is_empty()) {
            if doc.meta.author.as_deref() != Some(author.as_str()) {
                errs.push(format!("author {:?} != {author:?}", doc.meta.author));
            }
        }
        if raw.contains("class=\"article-editor\">责任编辑：") && doc.meta.editor.as_deref().is_none_or(str::is_empty)
        {
            errs.push("the editor line was not read".to_string());
        }
        if raw.contains("原标题：") && doc.meta.original_title.as_deref().is_none_or(str::is_empty) {
            errs.push("the original title was not read".to_string());
        }
        let again = import_file(&name, raw.as_bytes()).unwrap();
        if again != doc {
            errs.push("a second import differs".to_string());
        }
        if !errs.is_empty() {
            failures.push(format!("{name}:\n    {}", errs.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus files failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_founding_article_in_detail() {
    let path = corpus_dir().join("sina/打击电信网络诈骗，今年以来沪警方挽回或避免损失超74亿.md");
    if !path.is_file() {
        println!("skipping: ../shared/corpus not found");
        return;
    }
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let doc = import_file(&name, &std::fs::read(&path).unwrap()).unwrap();
    assert_invariants(&name, &doc);
    assert_eq!(doc.title, "打击电信网络诈骗，今年以来沪警方挽回或避免损失超7.4亿");
    let body = body_texts(&doc);
    assert_eq!(body.len(), 21, "body blocks:\n{}", listing(&body));
    let headings: Vec<&str> = body.iter().filter(|(k, _)| *k == Heading).map(|(_, t)| t.as_str()).collect();
    assert_eq!(headings.len(), 4, "headings: {headings:?}");
    for (h, prefix) in headings.iter().zip(["举措之一", "举措之二", "举措之三", "举措之四"]) {
        assert!(h.starts_with(prefix), "heading {h:?} should start with {prefix}");
    }
    assert!(body.iter().all(|(k, _)| matches!(k, Heading | Paragraph)), "{}", listing(&body));
    assert!(body[0].1.starts_with("在8月9日举行的新闻通气会上"), "{:?}", body[0]);
    let m = &doc.meta;
    assert_eq!(m.editor.as_deref(), Some("尹悦"));
    assert_eq!(m.date.as_deref(), Some("2021-08-09T06:59:27Z"));
    assert_eq!(m.date_raw.as_deref(), Some("Mon, 09 Aug 2021 06:59:27 GMT"));
    assert_eq!(m.categories, sina_categories());
    assert_eq!(m.author.as_deref(), Some("新浪财经"));
    assert!(m.original_title.is_some());
    assert_eq!(m.head_image.as_deref(), Some("https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"));
    assert!(m.images.is_empty(), "the only picture is the QR code: {:?}", m.images);
    assert_eq!(m.source_file.as_deref(), Some(name.as_str()));
}

// ---------------------------------------------------------------------------------------------
// Encodings and limits
// ---------------------------------------------------------------------------------------------

#[test]
fn refused_fixtures_say_why() {
    for &(file, message) in REFUSED {
        assert_eq!(import_file(file, &fixture_bytes(file)).map_err(|e| e.to_string()), Err(message.to_string()));
    }
}

/// The same article in every encoding the importer reads gives the same document.
#[cfg(not(target_arch = "wasm32"))] // encoding_rs, to write the legacy encodings, is native only
#[test]
fn every_encoding_gives_the_same_document() {
    let article = "---\ntitle: 沪警方挽回损失超7.4亿\n---\n<p>　　今年以来，直接挽回或避免经济损失7.4亿余元。𠮷</p>\n";
    let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(article.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(article.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let gb18030 = encoding_rs::GB18030.encode(article).0.into_owned();
    let gbk_only = article.replace('𠮷', "");
    let gbk = encoding_rs::GBK.encode(&gbk_only).0.into_owned();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("UTF-8", article.as_bytes().to_vec(), article),
        ("UTF-8 with BOM", [b"\xEF\xBB\xBF".as_slice(), article.as_bytes()].concat(), article),
        ("UTF-16LE", utf16le, article),
        ("UTF-16BE", utf16be, article),
        ("GB18030", gb18030, article),
        ("GBK", gbk, &gbk_only),
    ];
    for (encoding, bytes, source) in cases {
        let expected = import_file("a.md", source.as_bytes()).expect("UTF-8 imports");
        let got = import_file("a.md", &bytes).unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert_eq!((&got.text, &got.id), (&expected.text, &expected.id), "{encoding}");
    }
    assert!(import_file("a.md", &encoding_rs::GBK.encode(&gbk_only).0)
        .unwrap()
        .text
        .starts_with("沪警方挽回损失超7.4亿\n"));
}

#[test]
fn without_a_legacy_decoder_gbk_is_refused_naming_the_byte() {
    let cases: &[(&str, &str)] = &[
        ("gbk.md", "gbk.md: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 11)"),
        ("gb18030.html", "gb18030.html: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 19)"),
    ];
    for &(file, message) in cases {
        let got = import_file_with(file, &fixture_bytes(file), &Utf8Only, &NativeHtmlReader).map_err(|e| e.to_string());
        assert_eq!(got, Err(message.to_string()));
    }
}

#[test]
fn inputs_beyond_the_limits_are_refused_quickly_with_the_limit_named() {
    let too_big = vec![b'x'; limits::MAX_FILE_BYTES as usize + 5 * 1024 * 1024];
    let too_long = "长".repeat(limits::MAX_TEXT_CHARS + 1);
    let too_deep = format!("<p>{}深处{}</p>", "<div><span>".repeat(50_000), "</span></div>".repeat(50_000));
    let unclosed = format!("---\ntitle: 题\n---\n{}", "<div>".repeat(100_000));
    let cases: Vec<(&str, &[u8], String)> = vec![
        ("big.md", &too_big, "big.md: 25 MiB, larger than the 20 MiB an article may be".into()),
        (
            "long.txt",
            too_long.as_bytes(),
            "long.txt: 200,001 characters of text, more than the 200,000 a document may have".into(),
        ),
        (
            "deep.html",
            too_deep.as_bytes(),
            "deep.html: HTML nested more than 512 elements deep, too deep to read in reasonable time".into(),
        ),
        (
            "unclosed.md",
            unclosed.as_bytes(),
            "unclosed.md: HTML nested more than 512 elements deep, too deep to read in reasonable time".into(),
        ),
    ];
    for (file, bytes, message) in cases {
        let started = std::time::Instant::now();
        assert_eq!(import_file(file, bytes).map_err(|e| e.to_string()), Err(message), "{file}");
        assert!(started.elapsed().as_secs() < 10, "{file} took {:?}", started.elapsed());
    }
    // Just within the limits: imported.
    let deep_ok = format!("{}深处{}", "<div>".repeat(400), "</div>".repeat(400));
    assert_eq!(import_file("ok.html", deep_ok.as_bytes()).map(|d| d.text), Ok("ok\n深处".to_string()));
    let long_ok = format!("题\n{}", "长".repeat(limits::MAX_TEXT_CHARS - 2));
    assert_eq!(import_file("ok.txt", long_ok.as_bytes()).map(|d| d.text.chars().count()), Ok(limits::MAX_TEXT_CHARS));
}
