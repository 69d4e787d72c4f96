//! What surrounds a numeral: qualifiers before and after it, words that make a bare number a
//! label, a list marker, a code or an amount of money.

use crate::core::annotation::Qualifier;

/// A numeral's neighbourhood.
pub(crate) struct Around<'a> {
    chars: &'a [char],
    start: usize,
    end: usize,
    pub prev: Option<char>,
    pub next: Option<char>,
}

/// A CJK ideograph (the letters of Chinese words, not punctuation).
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

impl<'a> Around<'a> {
    pub(crate) fn new(chars: &'a [char], start: usize, end: usize) -> Self {
        let prev = start.checked_sub(1).map(|i| chars[i]);
        Around { chars, start, end, prev, next: chars.get(end).copied() }
    }

    fn before(&self, n: usize) -> Option<char> {
        self.start.checked_sub(n).map(|i| self.chars[i])
    }

    /// Does a word go on right after the number (973计划, 3代, 300指数)?
    pub(crate) fn next_is_word(&self) -> bool {
        self.next.is_some_and(|c| is_ideograph(c) && !"和与及或".contains(c))
    }

    fn ends_with_before(&self, word: &str) -> bool {
        let n = word.chars().count();
        self.start >= n && self.chars[self.start - n..self.start].iter().copied().eq(word.chars())
    }

    fn line_start(&self) -> bool {
        let mut i = self.start;
        while i > 0 && matches!(self.chars[i - 1], ' ' | '　' | '\t') {
            i -= 1;
        }
        i == 0 || self.chars[i - 1] == '\n'
    }

    fn line_end(&self) -> bool {
        self.next.is_none_or(|c| c == '\n')
    }

    fn enclosed(&self) -> bool {
        const PAIRS: [(char, char); 10] = [
            ('（', '）'),
            ('(', ')'),
            ('“', '”'),
            ('‘', '’'),
            ('「', '」'),
            ('『', '』'),
            ('【', '】'),
            ('[', ']'),
            ('〔', '〕'),
            ('"', '"'),
        ];
        PAIRS.iter().any(|&(open, close)| self.prev == Some(open) && self.next == Some(close))
    }
}

/// Is a bare Arabic number (no unit, no magnitude) a quantity here, rather than a name, a label,
/// a list marker, a code or a year?
pub(crate) fn bare_number_ok(a: &Around, int_digits: usize, has_point: bool, separated: bool, zero_led: bool) -> bool {
    let integer = !has_point;
    if integer && a.next_is_word() {
        return false; // 973计划, 3代装备, 沪深300指数, 00后
    }
    if integer && matches!(a.next, Some(':' | '：')) {
        return false; // 人物1：, 确诊病例2：
    }
    if a.enclosed() {
        return false; // （1）, “973”, （600000）
    }
    const LABELS: [&str; 12] = ["表", "图", "注", "例", "附件", "附表", "人物", "案例", "编号", "序号", "No", "NO"];
    if LABELS.iter().any(|w| a.ends_with_before(w)) {
        return false; // 表1, 图2：, （注1）
    }
    let after_break = a.line_start() || a.prev.is_some_and(|c| "：:；;。！？".contains(c));
    if integer && (a.next == Some('．') || after_break && matches!(a.next, Some('、' | '.' | ')' | '）'))) {
        return false; // 1、利润总额  城市：1．人口净流入
    }
    if a.prev == Some(' ') && a.before(2).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false; // Windows 11, Build 22563, addconfig 26008830 2
    }
    if integer && !separated && int_digits >= 6 && !(a.line_start() && a.line_end()) {
        return false; // stock codes and ids: 600000, 26008830
    }
    if integer && !separated && int_digits == 4 {
        let text: String = a.chars[a.start..a.end].iter().collect();
        if text.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y)) {
            return false; // a year on its own: 数说2021
        }
    }
    !zero_led
}

/// Qualifier words written before a number, longest first, with what they mean.
const LEADING: [(&str, Qualifier); 19] = [
    ("大概有", Qualifier::About),
    ("大约有", Qualifier::About),
    ("约为", Qualifier::About),
    ("约有", Qualifier::About),
    ("约合", Qualifier::About),
    ("大约", Qualifier::About),
    ("大概", Qualifier::About),
    ("超过", Qualifier::Over),
    ("超出", Qualifier::Over),
    ("多于", Qualifier::Over),
    ("将近", Qualifier::Nearly),
    ("接近", Qualifier::Nearly),
    ("逼近", Qualifier::Nearly),
    ("近乎", Qualifier::Nearly),
    ("几近", Qualifier::Nearly),
    ("约", Qualifier::About),
    ("超", Qualifier::Over),
    ("逾", Qualifier::Over),
    ("近", Qualifier::Nearly),
];

/// The qualifier written right before `start`, with the word that says it. Negated words (不超过,
/// 未超过) and words that only end in a qualifier's character (签约, 最近, 赶超) say nothing.
pub(crate) fn leading_qualifier(chars: &[char], start: usize) -> Option<(Qualifier, &'static str)> {
    // Every qualifier word ends in one of these: most numbers have none before them.
    if !start.checked_sub(1).is_some_and(|i| "有为合约概过出于近乎超逾".contains(chars[i])) {
        return None;
    }
    let a = Around::new(chars, start, start);
    let (word, q) = LEADING.iter().find(|(w, _)| a.ends_with_before(w)).copied()?;
    let before = a.before(word.chars().count() + 1);
    let excluded = match word {
        "约" => before.is_some_and(|c| "签合违条公预节制邀履婚解特集协隐简规租订".contains(c)),
        "超" => before.is_some_and(|c| "赶高".contains(c)),
        "近" => before.is_some_and(|c| "最附临靠亲贴".contains(c)),
        _ => false,
    };
    let negated = before.is_some_and(|c| "不未没".contains(c));
    (!excluded && !negated).then_some((q, word))
}

/// The qualifier written right after `end` (左右, 上下, 以上, 及以上, 不止).
pub(crate) fn trailing_qualifier(chars: &[char], end: usize) -> Option<Qualifier> {
    let at = |i: usize| chars.get(end + i).copied();
    match (at(0), at(1), at(2)) {
        (Some('左'), Some('右'), _) => Some(Qualifier::About),
        (Some('上'), Some('下'), next) if next.is_none_or(|c| !"游班级文楼层限载".contains(c)) => {
            Some(Qualifier::About)
        }
        (Some('以'), Some('上'), _) | (Some('及'), Some('以'), Some('上')) | (Some('不'), Some('止'), _) => {
            Some(Qualifier::Over)
        }
        _ => None,
    }
}

/// Words about money shortly before a number that has no unit (损失超7.4亿, 地方债33411亿).
const MONEY_WORDS: [&str; 40] = [
    "损失",
    "金额",
    "资金",
    "收入",
    "营收",
    "利润",
    "净利",
    "成交额",
    "交易额",
    "市值",
    "债",
    "融资",
    "投资",
    "募资",
    "工资",
    "薪",
    "价",
    "费",
    "租",
    "存款",
    "贷款",
    "余额",
    "资产",
    "营业额",
    "销售额",
    "GDP",
    "产值",
    "拍出",
    "估值",
    "管理规模",
    "基金规模",
    "票房",
    "赔偿",
    "罚款",
    "补贴",
    "奖金",
    "预算",
    "支出",
    "开支",
    "税",
];

/// Is there a word about money in the same clause, at most twelve characters before `start`?
pub(crate) fn money_cue(chars: &[char], start: usize) -> bool {
    let mut from = start;
    while from > 0 && start - from < 12 && !"，,。；;！!？?\n、：:".contains(chars[from - 1]) {
        from -= 1;
    }
    let window: String = chars[from..start].iter().collect();
    MONEY_WORDS.iter().any(|w| window.contains(w))
}
