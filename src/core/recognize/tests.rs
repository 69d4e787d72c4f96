//! Table tests: one table per numeral form, each row a text and every figure expected in it,
//! written as `span text | kind | value[..max] | unit | currency | qualifier` (`-` for none).

use super::*;

fn render(f: &Figure) -> String {
    let value = match &f.value_max {
        Some(max) => format!("{}..{max}", f.value),
        None => f.value.clone(),
    };
    let q = f.qualifier.map_or("-", Qualifier::as_str);
    format!(
        "{} | {} | {value} | {} | {} | {q}",
        f.text,
        f.kind.as_str(),
        f.unit.as_deref().unwrap_or("-"),
        f.currency.as_deref().unwrap_or("-")
    )
}

fn check(table: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for &(text, want) in table {
        let got: Vec<String> = recognize(text).iter().map(render).collect();
        if got != want {
            failures.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows differ:\n{}", failures.len(), table.len(), failures.join("\n"));
}

#[test]
fn arabic_numerals_magnitudes_and_more_than() {
    check(&[
        ("损失7.4亿余元", &["7.4亿余元 | money | 740000000 | 元 | CNY | more-than"]),
        ("累计预警3千余万人次", &["3千余万人次 | count | 30000000 | 人次 | - | more-than"]),
        ("发送短信2900余万条", &["2900余万条 | count | 29000000 | 条 | - | more-than"]),
        ("抓获1.31万人", &["1.31万人 | count | 13100 | 人 | - | -"]),
        ("拦截电话21.5万通", &["21.5万通 | count | 215000 | 通 | - | -"]),
        ("访问1267万次", &["1267万次 | count | 12670000 | 次 | - | -"]),
        ("总值1.06万亿元", &["1.06万亿元 | money | 1060000000000 | 元 | CNY | -"]),
        ("收入１２３,４５６元", &["１２３,４５６元 | money | 123456 | 元 | CNY | -"]),
        ("共1,234,567.5元", &["1,234,567.5元 | money | 1234567.5 | 元 | CNY | -"]),
        ("发展道路50多年", &["50多年 | count | 50 | 年 | - | more-than"]),
        ("规模1000多万", &["1000多万 | number | 10000000 | - | - | more-than"]),
        ("线索12.5万余条", &["12.5万余条 | count | 125000 | 条 | - | more-than"]),
        ("4万多家企业", &["4万多家 | count | 40000 | 家 | - | more-than"]),
        ("账户7亿余额", &["7亿 | number | 700000000 | - | - | -"]),
    ]);
}

#[test]
fn chinese_numerals() {
    check(&[
        ("地底十七米", &["十七米 | count | 17 | 米 | - | -"]),
        ("要了八万块钱", &["八万块钱 | money | 80000 | 元 | CNY | -"]),
        ("一个月一千余元", &["一千余元 | money | 1000 | 元 | CNY | more-than"]),
        ("蓝领工资两万", &["两万 | money | 20000 | - | CNY | -"]),
        ("差不多两万人", &["两万人 | count | 20000 | 人 | - | -"]),
        ("三亿五千万元", &["三亿五千万元 | money | 350000000 | 元 | CNY | -"]),
        ("增长三点五倍", &["三点五倍 | multiple | 3.5 | 倍 | - | -"]),
        ("七年来", &["七年 | count | 7 | 年 | - | -"]),
        ("市场占有率连续9年中国第一", &["9年 | count | 9 | 年 | - | -"]),
        ("有过三波大的考研热", &["三波 | count | 3 | 波 | - | -"]),
        ("4口之家，前十大景区有六席", &["4口 | count | 4 | 口 | - | -", "六席 | count | 6 | 席 | - | -"]),
        ("请了四个保洁", &["四个 | count | 4 | 个 | - | -"]),
        ("百余个品种", &["百余个 | count | 100 | 个 | - | more-than"]),
        ("每颗卖到近百元", &["百元 | money | 100 | 元 | CNY | nearly"]),
        ("每隔一公里或两公里", &["一公里 | count | 1 | 公里 | - | -", "两公里 | count | 2 | 公里 | - | -"]),
        ("一家公司一年多一次", &[]),
        ("百姓千万万家万一十年寒窗", &[]),
        ("“十四五”期间，二〇二一年，五四特辑，零零后", &[]),
    ]);
}

#[test]
fn approximate_pairs_and_ranges() {
    check(&[
        ("两三千元的收入", &["两三千元 | range | 2000..3000 | 元 | CNY | -"]),
        ("能收入五六千左右", &["五六千 | range | 5000..6000 | - | CNY | about"]),
        ("两三个小时", &["两三个小时 | range | 2..3 | 个小时 | - | -"]),
        ("七八成", &["七八成 | range | 0.7..0.8 | 成 | - | -"]),
        ("3至5万", &["3至5万 | range | 30000..50000 | - | - | -"]),
        ("3-5万元", &["3-5万元 | range | 30000..50000 | 元 | CNY | -"]),
        ("230万吨至240万吨之间", &["230万吨至240万吨 | range | 2300000..2400000 | 吨 | - | -"]),
        ("3%-5%", &["3%-5% | range | 0.03..0.05 | % | - | -"]),
        ("40-70x", &["40-70x | range | 40..70 | 倍 | - | -"]),
        ("1000-1800左右", &["1000-1800 | range | 1000..1800 | - | - | about"]),
        ("在这一到两公里间隔内", &["一到两公里 | range | 1..2 | 公里 | - | -"]),
        ("数值在0至-100%之间", &["0至-100% | range | 0..-1 | % | - | -"]),
        ("三分之一至二分之一", &["三分之一至二分之一 | range | 0.3333333333..0.5 | - | - | -"]),
        ("1-6月，1至7月份，2021-2023年，05-18", &[]),
    ]);
}

#[test]
fn percentages_points_fractions_and_multiples() {
    check(&[
        ("减少17.9%、8.5%", &["17.9% | percent | 0.179 | % | - | -", "8.5% | percent | 0.085 | % | - | -"]),
        ("全角１７．９％", &["１７．９％ | percent | 0.179 | % | - | -"]),
        ("百分之三十", &["百分之三十 | percent | 0.3 | % | - | -"]),
        ("千分之五", &["千分之五 | percent | 0.005 | ‰ | - | -"]),
        ("3‰", &["3‰ | percent | 0.003 | ‰ | - | -"]),
        ("扩大0.6个百分点", &["0.6个百分点 | percent | 0.006 | 个百分点 | - | -"]),
        ("收窄至63.8bp", &["63.8bp | percent | 0.00638 | bp | - | -"]),
        ("总量三分之二", &["三分之二 | ratio | 0.6666666667 | - | - | -"]),
        ("九成集中", &["九成 | ratio | 0.9 | 成 | - | -"]),
        ("报录比68：1", &["68：1 | ratio | 68 | - | - | -"]),
        ("增长1.86倍", &["1.86倍 | multiple | 1.86 | 倍 | - | -"]),
        ("超过德国4倍多", &["4倍多 | multiple | 4 | 倍 | - | more-than"]),
        (
            "跌幅 -0.1839%（¥-0.0041）",
            &["-0.1839% | percent | -0.001839 | % | - | -", "¥-0.0041 | money | -0.0041 | 元 | CNY | -"],
        ),
        ("同比-4%", &["-4% | percent | -0.04 | % | - | -"]),
        ("形成一成不变", &[]),
    ]);
}

#[test]
fn qualifiers() {
    check(&[
        ("损失超7.4亿", &["7.4亿 | money | 740000000 | - | CNY | over"]),
        ("约8.81亿元", &["8.81亿元 | money | 881000000 | 元 | CNY | about"]),
        ("积累PC端约1000万DAU", &["1000万 | number | 10000000 | - | - | about"]),
        ("逾18bp", &["18bp | percent | 0.0018 | bp | - | over"]),
        ("将近35%的股份", &["35% | percent | 0.35 | % | - | nearly"]),
        ("20人左右", &["20人 | count | 20 | 人 | - | about"]),
        ("净利下滑50%以上", &["50% | percent | 0.5 | % | - | over"]),
        ("2000万元及以上", &["2000万元 | money | 20000000 | 元 | CNY | over"]),
        ("增长了2倍不止", &["2倍 | multiple | 2 | 倍 | - | over"]),
        ("不超过70平方米", &["70平方米 | count | 70 | 平方米 | - | -"]),
        ("近6年零涨幅", &["6年 | count | 6 | 年 | - | -"]),
        ("接近6年时间", &["6年 | count | 6 | 年 | - | nearly"]),
        ("最近3天", &["3天 | count | 3 | 天 | - | -"]),
        ("签约3家", &["3家 | count | 3 | 家 | - | -"]),
        ("有超过2000年的种植历史", &["2000年 | count | 2000 | 年 | - | over"]),
    ]);
}

#[test]
fn what_is_not_a_figure() {
    check(&[
        ("在8月9日举行的新闻通气会上，2021年", &[]),
        ("举措之一：第三，第十三届，第17年", &[]),
        ("东方财富（sz300059）和浦发银行（600000）", &[]),
        ("北京时间10月5日04:00，2：30开始，下午6点之后，0时至24时", &[]),
        ("00后创业，973计划，3代装备，沪深300指数，21世纪", &[]),
        ("Windows 11 Dev Build 22563 版，5G技术，GB/T4754-2017，andyy1988@126.com", &[]),
        ("确诊病例1：中国籍，表1 分组，（注1），图2：组件", &[]),
        ("1、利润总额\n2．人口净流入\n（一）我国GDP", &[]),
        ("确定为重点发展城市：1．人口净流入；2．“四大都市区”", &[]),
        ("如图2所示", &[]),
        ("价值数十亿美元，几千斤，十几万，千万级流量", &[]),
        ("《广东荔枝产业高质量发展三年行动计划（2021—2023年）》", &[]),
        ("10年期美债，80年代，2022年半年度", &[]),
        ("“973”项目，数说2021→", &[]),
        ("利润率=利润总额÷营业收入×100%，天数=360×平均存货÷营业成本×累计月数÷12", &[]),
    ]);
}

#[test]
fn numbers_without_units() {
    check(&[
        ("最新净值 2.2252", &["2.2252 | number | 2.2252 | - | - | -"]),
        (
            "指数降至0.71，相比同期的1.48几乎腰斩",
            &["0.71 | number | 0.71 | - | - | -", "1.48 | number | 1.48 | - | - | -"],
        ),
        (
            "总计\n1143083.8\n20.3\n-28.2",
            &[
                "1143083.8 | number | 1143083.8 | - | - | -",
                "20.3 | number | 20.3 | - | - | -",
                "-28.2 | number | -28.2 | - | - | -",
            ],
        ),
        ("0！北京昨日本土无新增", &["0 | number | 0 | - | - | -"]),
        ("A股又见3500点", &["3500点 | count | 3500 | 点 | - | -"]),
    ]);
}

#[test]
fn money_units_and_prices() {
    check(&[
        ("最大单笔金额达300万美元", &["300万美元 | money | 3000000 | 美元 | USD | -"]),
        ("4.3万欧元", &["4.3万欧元 | money | 43000 | 欧元 | EUR | -"]),
        ("每月5.6万卢比", &["5.6万卢比 | money | 56000 | 卢比 | INR | -"]),
        ("港币100亿", &["港币100亿 | money | 10000000000 | 港元 | HKD | -"]),
        ("人民币3亿元", &["人民币3亿元 | money | 300000000 | 元 | CNY | -"]),
        ("人民币资产", &[]),
        ("100亿港币", &["100亿港币 | money | 10000000000 | 港元 | HKD | -"]),
        ("售价高达699元/斤", &["699元/斤 | money | 699 | 元/斤 | CNY | -"]),
        ("标价39.9元/450g", &["39.9元/450g | money | 39.9 | 元/450g | CNY | -"]),
        ("US$5", &["US$5 | money | 5 | 美元 | USD | -"]),
        ("不到30块钱", &["30块钱 | money | 30 | 元 | CNY | -"]),
        ("标价高达1049元一斤，才几块钱一斤", &["1049元一斤 | money | 1049 | 元/斤 | CNY | -"]),
        ("一两千块", &["一两千块 | range | 1000..2000 | 元 | CNY | -"]),
    ]);
}

#[test]
fn spans_are_code_points_sorted_and_disjoint() {
    let text = "𠮷😀增长3.5%，收入1.2亿元😀与5家";
    let figures = recognize(text);
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(figures.len(), 3);
    for pair in figures.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
    for f in &figures {
        assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text);
        assert!(crate::core::annotation::is_decimal(&f.value), "{}", f.value);
    }
    assert_eq!((figures[0].start, figures[0].end), (4, 8));
}

#[test]
fn default_labels_and_attributes() {
    let label = |text: &str| recognize(text).first().map(default_label).unwrap_or("none");
    let cases = [
        ("7.4亿元", "MONEY"),
        ("17.9%", "PERCENT"),
        ("三分之二", "PERCENT"),
        ("21.5万通", "COUNT"),
        ("净值 2.2252", "COUNT"),
        ("3-5万元", "MONEY"),
        ("3%-5%", "PERCENT"),
        ("3-5年", "COUNT"),
        ("1.5倍", "COUNT"),
    ];
    for (text, want) in cases {
        assert_eq!(label(text), want, "{text}");
    }
    let f = &recognize("约8.81亿元")[0];
    let attrs = f.attributes();
    assert_eq!(attrs.value.as_deref(), Some("881000000"));
    assert_eq!(attrs.currency.as_deref(), Some("CNY"));
    assert_eq!(attrs.qualifier, Some(Qualifier::About));
    assert_eq!(attrs.validate(crate::core::labels::Layer::Figure), Ok(()));
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        "-",
        "—",
        "¥",
        "US$",
        "分之",
        "百分之",
        "三分之",
        "1:",
        "1:0",
        "0分之1",
        "万",
        "亿亿亿",
        "点",
        "一点",
        "9999999999999999999999999999999999999999999",
        "1.",
        ".5",
        "1,",
        "1,00",
        "１２：３４",
        "3-",
        "3至",
        "x3",
        "百余",
        "两三",
        "零",
        "〇〇",
        "十十",
        "千百",
        "一万万",
        "\n1\n",
        "3５",
        "五点五点五",
    ];
    for text in odd {
        for f in recognize(text) {
            assert!(f.start < f.end && crate::core::annotation::is_decimal(&f.value), "{text}: {f:?}");
        }
    }
}
