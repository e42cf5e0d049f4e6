package index

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestKeepTerm(t *testing.T) {
	for _, tc := range []struct {
		term string
		o    termOptions
		want bool
	}{
		{"罚款", termOptions{}, true},
		{"村规民约", termOptions{}, true},
		{"借", termOptions{}, false},
		{"借", termOptions{single: true}, true},
		{"的", termOptions{single: true}, false},
		{"第五条", termOptions{}, false},
		{"第五十九条", termOptions{numbers: true}, false},
		{"五十九条", termOptions{}, false},
		{"第二十条之一", termOptions{}, false},
		{"第二款", termOptions{}, false},
		{"条款", termOptions{}, true},
		{"规章", termOptions{}, true},
		{"1月1日", termOptions{numbers: true}, false},
		{"12月", termOptions{numbers: true}, false},
		{"31日", termOptions{numbers: true}, false},
		{"日至", termOptions{}, false},
		{"2024年", termOptions{numbers: true}, false},
		{"二〇二四年", termOptions{numbers: true}, false},
		{"二十年", termOptions{}, true},
		{"30年", termOptions{numbers: true}, true},
		{"200", termOptions{}, false},
		{"200", termOptions{numbers: true}, true},
		{"年月", termOptions{}, false},
		{"。", termOptions{}, false},
	} {
		if got := keepTerm(tc.term, tc.o); got != tc.want {
			t.Errorf("keepTerm(%q, %+v) = %v, want %v", tc.term, tc.o, got, tc.want)
		}
	}
}

func TestExpansions(t *testing.T) {
	es, err := parseExpansions(expandTxt)
	if err != nil || len(es) < 50 {
		t.Fatalf("expand.txt: %d lines, %v", len(es), err)
	}
	if sp, err := parseExpansions(spokenTxt); err != nil || len(sp) < 100 {
		t.Fatalf("spoken.txt: %d lines, %v", len(sp), err)
	}
	for _, bad := range []string{"罚款 行政处罚", "罚款 =>", " => 行政处罚"} {
		if _, err := parseExpansions(bad); err == nil {
			t.Errorf("parseExpansions(%q) accepted", bad)
		}
	}
	has := func(ws []string, w string) bool {
		for _, x := range ws {
			if x == w {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		word, context, want string
		yes                 bool
	}{
		{"停水停电", "停水停电 催缴", "迫使", true},
		{"罚款", "村规民约 罚款", "财产权利", true},
		// the context must be there: a fine in a law is no village rule's
		{"罚款", "罚款 收缴", "财产权利", false},
		// the context word is not itself expanded
		{"村规民约", "村规民约 罚款", "财产权利", false},
		{"一户一宅", "宅基地 一户一宅", "一处", true},
		// a village committee's confiscation: 没收 is expanded, not 村委会
		// (非法 stood for 村委会 in every article saying 非法)
		{"没收", "村委会 没收 财物", "财产权利", true},
		{"村委会", "村委会 没收 财物", "非法", false},
		{"起诉期限", "行政诉讼 起诉期限", "知道或者应当知道", true},
		{"税收优惠", "税收优惠 特定经营者", "减税", true},
		// round 12: a concept the statute words otherwise
		{"高空抛物", "高空抛物", "抛掷物品", true},
		{"离婚冷静期", "离婚冷静期", "撤回离婚登记申请", true},
		{"贿选", "村委会 选举 贿选", "当选无效", true},
		{"网吧", "网吧 未成年人", "互联网上网服务营业场所", true},
		{"越级走访", "越级走访", "本级或者上一级", true},
		// 走访 alone is a visit, not a petition
		{"走访", "入户 走访 老人", "信访事项", false},
		{"加重处罚", "陈述 申辩 加重处罚", "更重的处罚", true},
		{"从重处罚", "申辩 从重处罚", "更重的处罚", true},
		{"申辩", "申辩 从重处罚", "更重的处罚", false},
		// 时效 of a penalty is 不再给予行政处罚; of a civil claim it is not
		{"时效", "行政处罚 时效 两年", "不再给予行政处罚", true},
		{"时效", "诉讼时效 期间 起算", "不再给予行政处罚", false},
		// an abolished institution: the rule that replaced it
		{"社会抚养费", "社会抚养费", "生育三个子女", true},
		// round 17 (spoken.txt): the spoken word for the statute's term
		{"欠薪", "欠薪 怎么办", "劳动报酬", true},
		{"加班", "周末 加班 工资", "延长工作时间", true},
		{"环评", "没 环评 就 开工", "环境影响评价", true},
		{"私生子", "私生子 继承", "非婚生子女", true},
		{"骗来的", "许可证 假材料 骗来的", "不正当手段", true},
		// 骗取 of a benefit is no licence obtained by deceit
		{"骗取", "骗取 低保", "不正当手段", false},
		// 承包地 holds 包地 (a plot rented), and is no transfer of it
		{"承包地", "承包地 收回", "土地经营权", false},
		// a draft's clause is found by its own words, not the spoken lines
		{"村民加班加点修路的由村集体给予补贴", "村民加班加点修路的由村集体给予补贴", "延长工作时间", false},
	} {
		if got := has(expand(tc.word, tc.context), tc.want); got != tc.yes {
			t.Errorf("expand(%s, %s) has %s: %v, want %v", tc.word, tc.context, tc.want, got, tc.yes)
		}
	}
	// an abolished institution's pieces are not searched: 抚养费 of
	// 社会抚养费 is a child's maintenance
	for _, tc := range []struct {
		word string
		want bool
	}{{"社会抚养费", true}, {"抚养费", false}, {"生育登记", false}} {
		if got := replaced(tc.word, tc.word); got != tc.want {
			t.Errorf("replaced(%s) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

// TestNumeralVariants: a number with its unit is also written the other
// ways a statute writes it; a number without a unit, or a word without a
// number, has no variant.
func TestNumeralVariants(t *testing.T) {
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"两年", []string{"二年", "2年"}},
		{"两次罚款", []string{"二次罚款", "2次罚款"}},
		{"两人", []string{"二人", "2人"}},
		{"二十年", []string{"20年"}},
		{"三十日", []string{"30日"}},
		{"十五日内", []string{"15日内"}},
		{"一百二十日", []string{"120日"}},
		{"百分之二十", nil}, // no unit: a share, not a quantity
		{"一户一宅", nil},
		{"租赁期限", nil},
		{"25年", nil}, // digits typed are a case's facts (see numeralsFromDigits)
	} {
		if got := numeralVariants(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("numeralVariants(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s string
		n int
	}{{"二", 2}, {"十五", 15}, {"三十", 30}, {"一百二十", 120}, {"二千零五", 2005}, {"五万", 50000}, {"一万五千", 15000}} {
		if n, ok := parseChineseNumber(tc.s); !ok || n != tc.n {
			t.Errorf("parseChineseNumber(%q) = %d, %v", tc.s, n, ok)
		}
		if got := chineseNumber(tc.n); got != tc.s {
			t.Errorf("chineseNumber(%d) = %q, want %q", tc.n, got, tc.s)
		}
	}
}

// TestChineseNumberRoundTrip: every number numeralVariants may write
// (1–99,999) reads back as itself, and numbers it may not write are not
// read (十万 was read as 110,000 before: 十 then 万 counted one 万 more).
func TestChineseNumberRoundTrip(t *testing.T) {
	for n := 1; n < 100000; n++ {
		if got, ok := parseChineseNumber(chineseNumber(n)); !ok || got != n {
			t.Fatalf("parseChineseNumber(chineseNumber(%d) = %q) = %d, %v", n, chineseNumber(n), got, ok)
		}
	}
	for _, s := range []string{"十万", "二十万", "一百万", "九万九万九万九万九万", "万万"} {
		if n, ok := parseChineseNumber(s); ok {
			t.Errorf("parseChineseNumber(%q) = %d, want not read", s, n)
		}
	}
	if got := numeralVariants("十万元"); got != nil {
		t.Errorf("numeralVariants(十万元) = %q, want none", got)
	}
}

// FuzzNumeralVariants: any query word gives variants that differ from it
// and are valid text, and a number read is one chineseNumber writes back.
func FuzzNumeralVariants(f *testing.F) {
	for _, s := range []string{"两年", "三十日", "十五日内", "一百二十日", "五万元", "十万元", "二千零五年", "25年", "万万年", "零年", "〇日", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		for _, v := range numeralVariants(word) {
			if v == word || v == "" {
				t.Errorf("numeralVariants(%q) gives %q", word, v)
			}
			if utf8.ValidString(word) && !utf8.ValidString(v) {
				t.Errorf("numeralVariants(%q) gives invalid %q", word, v)
			}
		}
		if n, ok := parseChineseNumber(word); ok {
			if n <= 0 || n >= 100000 {
				t.Fatalf("parseChineseNumber(%q) = %d", word, n)
			}
			if back, ok := parseChineseNumber(chineseNumber(n)); !ok || back != n {
				t.Errorf("parseChineseNumber(%q) = %d, which does not read back (%q)", word, n, chineseNumber(n))
			}
		}
	})
}
