package review

import (
	"strings"
	"testing"
)

func TestProjectValueAndSums(t *testing.T) {
	values := []struct {
		title, text string
		want        float64
	}{
		{"某镇零星小型工程(100万元以下)审计服务招标公告", "投标人须承担过单项工程审计金额5000万元及以上的审核服务。", 1e6},
		{"某村道路硬化工程招标公告", "一、项目概况\n采购预算：45.5万元。", 455000},
		{"", "| 最高投标限价 | 1,200,000元 |", 1.2e6},
		{"某街道绿化养护项目", "投标人须有类似业绩。", 0},
		// A limit in the text is a scope, not the project's value.
		{"某镇工程管理办法", "限额以下工程是指总投资额在100万元以下的工程。", 0},
		// (Round 46m, real-jd-7400.) A 会议纪要 states the works' cost as 建设费用.
		{"", "经过前期设计预算,建设费用在410万元左右。", 4.1e6},
	}
	for _, c := range values {
		if got := projectValue(c.title, c.text); got != c.want {
			t.Errorf("projectValue(%q, %q) = %v, want %v", c.title, c.text, got, c.want)
		}
	}
	sums := []struct {
		text string
		want float64
	}{
		{"单项合同金额500万元以上", 5e6},
		{"注册资本1.5亿元，单项造价３００万", 1.5e8},
		{"近三年完成过同类项目", 0},
		// (Round 32.) A full-width comma lists figures; it separates no thousands.
		{"单项合同金额100，200万元以上", 2e6},
		{"| 合同金额 | 300，50万元 |", 5e5},
		{"合同价款1,200,000元", 1.2e6},
		// (Session 24.) Capital and plain Chinese numerals.
		{"投标保证金伍万元整", 5e4},
		{"先交两万元押金，合同价3万元", 3e4},
		{"一千五百元", 1500},
		{"保证金一万五千元", 15000},
	}
	for _, c := range sums {
		if got := largestSum(c.text); got != c.want {
			t.Errorf("largestSum(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestFineKeys(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"处五百元以上二千元以下的罚款", []string{"500以上2000以下"}},
		{"生态环境部门对当事人处以500-2000元罚款", []string{"500以上2000以下"}},
		{"处五百至二千元罚款", []string{"500以上2000以下"}},
		{"处200元罚款", []string{"200"}},
		{"处500元以下罚款", []string{"500以下"}},
		// A dash between a larger and a smaller figure is no range: no key,
		// so no cited law excuses it.
		{"2000-500元罚款", nil},
		// (Round 47c.) Figures with 万, as 森林防火条例 writes them, read as
		// the same sums as Chinese numerals.
		{"对单位并处1万元以上5万元以下罚款", []string{"10000以上50000以下"}},
		{"对单位处一万元以上五万元以下的罚款", []string{"10000以上50000以下"}},
	} {
		if got := fineKeys(c.text); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("fineKeys(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
