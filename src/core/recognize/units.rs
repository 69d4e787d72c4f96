//! Units, currencies and classifiers that may follow a number, longest match first.

/// What kind of thing a unit measures; decides the figure's kind and which numerals it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cat {
    /// A currency: 元, 美元, 港币…
    Money,
    /// %, ‰, 个百分点, bp: the value is a fraction (`exp` says by how much to scale).
    Percent,
    /// 成: tenths (九成 → 0.9).
    Tenths,
    /// 倍, x.
    Multiple,
    /// Physical units: 米, 公里, 吨, 亩, kg…
    Measure,
    /// Durations and ages: 年, 个月, 天, 小时, 岁…
    Time,
    /// Classifiers of counted things: 个, 家, 条, 通, 人次…
    Classifier,
}

#[derive(Debug)]
pub(crate) struct Unit {
    /// As written in the text.
    pub text: &'static str,
    /// As recorded in the figure's `unit`.
    pub canon: &'static str,
    pub cat: Cat,
    /// ISO 4217 code of a currency.
    pub currency: Option<&'static str>,
    /// Power of ten the written number is scaled by (`%` → -2).
    pub exp: i32,
    /// The unit itself carries a 多/余 (`个多月`, `分多钟`).
    pub more_than: bool,
    /// Only after Arabic digits: after a Chinese numeral it is another word (二手, 三省).
    pub arabic_only: bool,
    /// Characters that, right after the unit, show it is the start of another word.
    pub not_before: &'static str,
}

const fn u(text: &'static str, canon: &'static str, cat: Cat) -> Unit {
    Unit { text, canon, cat, currency: None, exp: 0, more_than: false, arabic_only: false, not_before: "" }
}

const fn money(text: &'static str, canon: &'static str, iso: &'static str) -> Unit {
    Unit { currency: Some(iso), ..u(text, canon, Cat::Money) }
}

const fn pct(text: &'static str, canon: &'static str, exp: i32) -> Unit {
    Unit { exp, ..u(text, canon, Cat::Percent) }
}

const fn not_before(unit: Unit, chars: &'static str) -> Unit {
    Unit { not_before: chars, ..unit }
}

const fn arabic_only(unit: Unit) -> Unit {
    Unit { arabic_only: true, ..unit }
}

const fn with_more(unit: Unit) -> Unit {
    Unit { more_than: true, ..unit }
}

use std::collections::HashMap;
use std::sync::OnceLock;
use Cat::*;

/// Every unit; [`match_unit`] picks the longest that matches.
static UNITS: &[Unit] = &[
    // Currencies. The magnitude (万元, 亿美元) goes into the value, so only the currency is kept.
    not_before(money("元", "元", "CNY"), "素旦首宵老帅朝代"),
    money("块钱", "元", "CNY"),
    money("元人民币", "元", "CNY"),
    money("人民币", "元", "CNY"),
    money("美元", "美元", "USD"),
    money("美金", "美元", "USD"),
    money("港元", "港元", "HKD"),
    money("港币", "港元", "HKD"),
    money("欧元", "欧元", "EUR"),
    money("日元", "日元", "JPY"),
    money("英镑", "英镑", "GBP"),
    money("韩元", "韩元", "KRW"),
    money("卢比", "卢比", "INR"),
    money("卢布", "卢布", "RUB"),
    money("澳元", "澳元", "AUD"),
    money("加元", "加元", "CAD"),
    money("新台币", "新台币", "TWD"),
    money("新加坡元", "新加坡元", "SGD"),
    money("瑞士法郎", "瑞士法郎", "CHF"),
    // Percentages and their relatives: the value is the fraction.
    pct("%", "%", -2),
    pct("％", "%", -2),
    pct("‰", "‰", -3),
    pct("个百分点", "个百分点", -2),
    pct("百分点", "个百分点", -2),
    pct("个基点", "bp", -4),
    pct("基点", "bp", -4),
    pct("bps", "bp", -4),
    pct("bp", "bp", -4),
    pct("BP", "bp", -4),
    Unit { exp: -1, ..not_before(u("成", "成", Tenths), "为员立功本长交绩果熟型都品分人年语效") },
    u("倍", "倍", Multiple),
    u("x", "倍", Multiple),
    u("X", "倍", Multiple),
    // Durations and ages. (年 is checked for years before it gets here; 月, 日, 时 alone are dates.)
    not_before(u("年", "年", Time), "代度期级底初末轻龄薪报"),
    u("个月", "个月", Time),
    with_more(u("个多月", "个月", Time)),
    u("个半月", "个半月", Time),
    u("个小时", "个小时", Time),
    with_more(u("个多小时", "个小时", Time)),
    u("小时", "小时", Time),
    u("分钟", "分钟", Time),
    with_more(u("分多钟", "分钟", Time)),
    u("秒钟", "秒钟", Time),
    not_before(u("秒", "秒", Time), "杀"),
    not_before(u("天", "天", Time), "然气津下空堂使地真"),
    not_before(u("周", "周", Time), "一二三四五六日末边围期内"),
    u("周年", "周年", Time),
    u("周岁", "周岁", Time),
    u("个星期", "个星期", Time),
    u("星期", "星期", Time),
    u("岁", "岁", Time),
    u("个工作日", "个工作日", Time),
    u("个交易日", "个交易日", Time),
    u("工作日", "工作日", Time),
    u("交易日", "交易日", Time),
    // Physical units.
    u("米", "米", Measure),
    u("公里", "公里", Measure),
    u("千米", "千米", Measure),
    u("厘米", "厘米", Measure),
    u("毫米", "毫米", Measure),
    u("平方米", "平方米", Measure),
    u("平米", "平方米", Measure),
    u("平方公里", "平方公里", Measure),
    u("平方千米", "平方千米", Measure),
    u("立方米", "立方米", Measure),
    u("亩", "亩", Measure),
    u("公顷", "公顷", Measure),
    u("吨", "吨", Measure),
    u("公斤", "公斤", Measure),
    u("千克", "千克", Measure),
    not_before(u("克", "克", Measure), "服隆拉"),
    u("克拉", "克拉", Measure),
    u("斤", "斤", Measure),
    u("升", "升", Measure),
    u("毫升", "毫升", Measure),
    u("千瓦时", "千瓦时", Measure),
    u("千瓦", "千瓦", Measure),
    u("兆瓦", "兆瓦", Measure),
    u("吉瓦", "吉瓦", Measure),
    u("度电", "度电", Measure),
    u("桶", "桶", Measure),
    u("盎司", "盎司", Measure),
    u("英里", "英里", Measure),
    u("海里", "海里", Measure),
    u("英尺", "英尺", Measure),
    u("英寸", "英寸", Measure),
    u("标准箱", "标准箱", Measure),
    u("摄氏度", "℃", Measure),
    u("℃", "℃", Measure),
    u("kg", "kg", Measure),
    u("km", "km", Measure),
    u("cm", "cm", Measure),
    u("mm", "mm", Measure),
    u("nm", "nm", Measure),
    u("m", "m", Measure),
    u("g", "g", Measure),
    u("ml", "ml", Measure),
    u("mL", "ml", Measure),
    u("GB", "GB", Measure),
    u("MB", "MB", Measure),
    u("KB", "KB", Measure),
    u("TB", "TB", Measure),
    u("PB", "PB", Measure),
    u("mAh", "mAh", Measure),
    u("kWh", "kWh", Measure),
    u("kW", "kW", Measure),
    u("MW", "MW", Measure),
    u("GW", "GW", Measure),
    u("W", "W", Measure),
    u("GHz", "GHz", Measure),
    u("MHz", "MHz", Measure),
    u("Hz", "Hz", Measure),
    // Classifiers.
    u("个", "个", Classifier),
    not_before(u("个人", "人", Classifier), "工化所"),
    not_before(u("家", "家", Classifier), "具乡电庭"),
    not_before(u("条", "条", Classifier), "件例款约"),
    not_before(u("通", "通", Classifier), "过知讯信常道"),
    u("人次", "人次", Classifier),
    u("户次", "户次", Classifier),
    u("车次", "车次", Classifier),
    u("班次", "班次", Classifier),
    u("架次", "架次", Classifier),
    u("剂次", "剂次", Classifier),
    not_before(u("人", "人", Classifier), "民均口类们才士工员体生性事气"),
    not_before(u("名", "名", Classifier), "单字义称额"),
    not_before(u("位", "位", Classifier), "数于置列"),
    u("户", "户", Classifier),
    not_before(u("次", "次", Classifier), "数序级要日贷性"),
    not_before(u("起", "起", Classifier), "来码步初"),
    not_before(u("处", "处", Classifier), "理于在罚置"),
    not_before(u("件", "件", Classifier), "事"),
    not_before(u("项", "项", Classifier), "目"),
    not_before(u("只", "只", Classifier), "是有要能好"),
    u("支", "支", Classifier),
    not_before(u("台", "台", Classifier), "湾阶"),
    u("辆", "辆", Classifier),
    not_before(u("架", "架", Classifier), "构"),
    u("艘", "艘", Classifier),
    u("部门", "部门", Classifier),
    u("部分", "部分", Classifier),
    not_before(u("部", "部", Classifier), "署长位"),
    u("套", "套", Classifier),
    not_before(u("间", "间", Classifier), "接隔"),
    u("座", "座", Classifier),
    not_before(u("所", "所", Classifier), "以有在谓得属示述"),
    u("栋", "栋", Classifier),
    u("幢", "幢", Classifier),
    not_before(u("层", "层", Classifier), "面次级"),
    u("张", "张", Classifier),
    not_before(u("本", "本", Classifier), "身来地质"),
    u("篇", "篇", Classifier),
    not_before(u("份", "份", Classifier), "额"),
    u("批", "批", Classifier),
    u("例", "例", Classifier),
    u("剂", "剂", Classifier),
    u("针", "针", Classifier),
    not_before(u("种", "种", Classifier), "子植"),
    not_before(u("类", "类", Classifier), "似型别"),
    not_before(u("款", "款", Classifier), "项"),
    not_before(u("场", "场", Classifier), "景所地面合"),
    u("轮", "轮", Classifier),
    not_before(u("波", "波", Classifier), "动段纹浪及"),
    not_before(u("口", "口", Classifier), "径岸罩号气头碑味"),
    not_before(u("席", "席", Classifier), "位卷"),
    u("颗", "颗", Classifier),
    u("棵", "棵", Classifier),
    u("株", "株", Classifier),
    u("头", "头", Classifier),
    u("匹", "匹", Classifier),
    u("箱", "箱", Classifier),
    u("盒", "盒", Classifier),
    u("袋", "袋", Classifier),
    u("瓶", "瓶", Classifier),
    u("枚", "枚", Classifier),
    u("粒", "粒", Classifier),
    u("笔", "笔", Classifier),
    not_before(u("单", "单", Classifier), "位独纯一"),
    not_before(u("股", "股", Classifier), "份东票市价权"),
    arabic_only(u("手", "手", Classifier)),
    arabic_only(u("省", "省", Classifier)),
    arabic_only(not_before(u("市", "市", Classifier), "场值民区")),
    arabic_only(u("县", "县", Classifier)),
    arabic_only(not_before(u("国", "国", Classifier), "家内际企债")),
    arabic_only(not_before(u("城", "城", Classifier), "市镇乡")),
];

fn starts_with(chars: &[char], at: usize, text: &str) -> Option<usize> {
    let mut i = at;
    for c in text.chars() {
        if chars.get(i) != Some(&c) {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// The units by their first character, built once.
fn by_first_char() -> &'static HashMap<char, Vec<&'static Unit>> {
    static INDEX: OnceLock<HashMap<char, Vec<&'static Unit>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<char, Vec<&'static Unit>> = HashMap::new();
        for unit in UNITS {
            if let Some(first) = unit.text.chars().next() {
                index.entry(first).or_default().push(unit);
            }
        }
        index
    })
}

/// The longest unit written at `at`, with the position after it.
pub(crate) fn match_unit(chars: &[char], at: usize) -> Option<(&'static Unit, usize)> {
    let first = *chars.get(at)?;
    let mut best: Option<(&'static Unit, usize)> = None;
    for &unit in by_first_char().get(&first)? {
        let Some(end) = starts_with(chars, at, unit.text) else { continue };
        if best.is_some_and(|(_, e)| e >= end) {
            continue;
        }
        let next = chars.get(end).copied();
        // A Latin unit must end a word: `5G` is a name, `5GB` a size.
        if first.is_ascii_alphabetic() && next.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        if next.is_some_and(|c| unit.not_before.contains(c)) {
            continue;
        }
        best = Some((unit, end));
    }
    best
}

/// A currency symbol written before the number: its unit and the position after it.
pub(crate) fn currency_symbol(chars: &[char], at: usize) -> Option<(&'static str, &'static str, usize)> {
    if !matches!(chars.get(at), Some('人' | '港' | 'U' | 'H' | 'R' | '¥' | '￥' | '$' | '€' | '£')) {
        return None;
    }
    let symbols: [(&str, &str, &str); 10] = [
        ("人民币", "元", "CNY"),
        ("港币", "港元", "HKD"),
        ("US$", "美元", "USD"),
        ("HK$", "港元", "HKD"),
        ("¥", "元", "CNY"),
        ("￥", "元", "CNY"),
        ("RMB", "元", "CNY"),
        ("$", "美元", "USD"),
        ("€", "欧元", "EUR"),
        ("£", "英镑", "GBP"),
    ];
    symbols.iter().find_map(|&(sym, unit, iso)| starts_with(chars, at, sym).map(|end| (unit, iso, end))).filter(
        |&(_, _, end)| {
            let digit = |i: usize| chars.get(i).copied().and_then(super::numerals::arabic_digit).is_some();
            digit(end) || (matches!(chars.get(end), Some('-' | '−' | '－')) && digit(end + 1))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_unit_wins_and_words_are_not_units() {
        let cases: &[(&str, Option<(&str, usize)>)] = &[
            ("个百分点，", Some(("个百分点", 4))),
            ("个月", Some(("个月", 2))),
            ("个多月", Some(("个月", 3))),
            ("人次。", Some(("人次", 2))),
            ("人民币", Some(("元", 3))),
            ("人民", None),
            ("元素", None),
            ("GB内存", Some(("GB", 2))),
            ("G网络", None),
            ("GHz", Some(("GHz", 3))),
            ("kg装", Some(("kg", 2))),
            ("年代", None),
            ("位数", None),
            ("天然气", None),
            ("成为", None),
            ("成，", Some(("成", 1))),
        ];
        for &(text, want) in cases {
            let chars: Vec<char> = text.chars().collect();
            let got = match_unit(&chars, 0).map(|(unit, end)| (unit.canon, end));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn every_currency_has_an_iso_code() {
        for unit in UNITS {
            assert_eq!(unit.cat == Cat::Money, unit.currency.is_some(), "{}", unit.text);
            if let Some(iso) = unit.currency {
                assert!(iso.len() == 3 && iso.bytes().all(|b| b.is_ascii_uppercase()), "{iso}");
            }
        }
    }
}
