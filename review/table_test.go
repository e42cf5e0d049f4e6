package review

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus/extract"
	"lawreview/corpus/segment"
)

// TestTableRows reviews a 奖惩 table and a contract table as extracted:
// with the paragraphs a row is read as one sentence, so a rule needing the
// misconduct and its sanction (or 租赁期限 and its dates) finds them in
// two cells; without them it cannot. The quote stays inside one cell.
func TestTableRows(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "奖惩表.md"))
	if err != nil {
		t.Fatal(err)
	}
	xd, err := extract.Bytes("奖惩表.md", data, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := testEngine(t)
	tests := []struct {
		typ, rule, quote string
	}{
		{"村规民约", "vr-petition", "取消当年集体分红"},
		{"村规民约", "vr-women-rights", "不再分配土地征收补偿款"},
		{"合同", "ct-lease-term", "2025年7月1日起至2050年6月30日止"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			find := func(paras []extract.Paragraph) *Finding {
				rep, err := e.Review(Input{Title: xd.Title, Text: xd.Text, Paragraphs: paras}, Options{Type: tt.typ, At: reviewDate})
				if err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, tt.rule, rep)
				for i, f := range rep.Findings {
					if f.Rule == tt.rule || contains(f.Merged, tt.rule) {
						return &rep.Findings[i]
					}
				}
				return nil
			}
			if f := find(nil); f != nil {
				t.Fatalf("found %q without the table rows: the test no longer shows what rows add", f.Quote)
			}
			f := find(xd.Paragraphs)
			if f == nil {
				t.Fatalf("%s not reported with the table rows", tt.rule)
			}
			if f.Quote != tt.quote {
				t.Errorf("quote %q, want the cell %q", f.Quote, tt.quote)
			}
		})
	}
	// The lawful rows (批评教育, 依法处理) stay lawful when joined.
	rep, err := e.Review(Input{Title: xd.Title, Text: xd.Text, Paragraphs: xd.Paragraphs}, Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Quote, "批评教育") || strings.Contains(f.Quote, "依法处理") || strings.Contains(f.Quote, "乱倒垃圾") {
			t.Errorf("lawful row reported: %s %q", f.Rule, f.Quote)
		}
	}
}

func TestJoinRows(t *testing.T) {
	cell := func(text string, start, row, col int) extract.Paragraph {
		return extract.Paragraph{Kind: extract.KindTableCell, Text: text, Start: start, End: start + len([]rune(text)), Row: row, Col: col}
	}
	long := strings.Repeat("长", maxRowRunes)
	tests := []struct {
		name  string
		text  string
		paras []extract.Paragraph
		want  []string // the sentences after joining
	}{
		{"row of two cells", "违反情形\n罚款二百元。", []extract.Paragraph{cell("违反情形", 0, 1, 1), cell("罚款二百元。", 5, 1, 2)},
			[]string{"违反情形\n罚款二百元。"}},
		{"two rows stay apart", "甲\n乙\n丙\n丁", []extract.Paragraph{cell("甲", 0, 1, 1), cell("乙", 2, 1, 2), cell("丙", 4, 2, 1), cell("丁", 6, 2, 2)},
			[]string{"甲\n乙", "丙\n丁"}},
		{"one-cell row is not joined with the next line", "标题\n正文", []extract.Paragraph{cell("标题", 0, 1, 1), {Kind: extract.KindBody, Text: "正文", Start: 3, End: 5}},
			[]string{"标题", "正文"}},
		{"a cell of two lines is one cell", "第一行\n第二行", []extract.Paragraph{cell("第一行", 0, 1, 1), cell("第二行", 4, 1, 1)},
			[]string{"第一行", "第二行"}},
		{"a layout row is too long", long + "\n印章", []extract.Paragraph{cell(long, 0, 1, 1), cell("印章", maxRowRunes+1, 1, 2)},
			[]string{long, "印章"}},
		{"paragraphs of another text are ignored", "甲\n乙", []extract.Paragraph{cell("丙", 0, 1, 1), cell("丁", 2, 1, 2)},
			[]string{"甲", "乙"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runes := []rune(tt.text)
			sents := joinRows(runes, segment.Sentences(tt.text), tableRows(runes, tt.paras))
			var got []string
			for _, s := range sents {
				got = append(got, s.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sentences %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTableRowsCharges: a table of sums a village collects, the conduct in
// one cell and the amount in the next, with no verb of paying or fining
// anywhere. The conduct rows are charges for a conduct (vr-conduct-charge,
// quoted at the amount's cell); the water and insurance rows are lawful
// money and are not reported.
func TestTableRowsCharges(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "收费明细.md"))
	if err != nil {
		t.Fatal(err)
	}
	xd, err := extract.Bytes("收费明细.md", data, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := testEngine(t)
	review := func(paras []extract.Paragraph) []string {
		rep, err := e.Review(Input{Title: xd.Title, Text: xd.Text, Paragraphs: paras}, Options{Type: "村规民约", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, "收费明细", rep)
		var quotes []string
		for _, f := range rep.Findings {
			if f.Rule == "vr-conduct-charge" || contains(f.Merged, "vr-conduct-charge") {
				quotes = append(quotes, f.Quote)
			}
		}
		return quotes
	}
	if q := review(nil); len(q) != 0 {
		t.Fatalf("found %q without the table rows: the test no longer shows what rows add", q)
	}
	got := review(xd.Paragraphs)
	want := []string{"1500元", "300元/年"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("charges %q, want the amount cells %q (and nothing on water or insurance)", got, want)
	}
	if typ := DetectType(xd.Title, xd.Text); typ != "村规民约" {
		t.Errorf("a village's table of charges typed %s", typ)
	}
}

// TestTableHeaderColumn: a lease or transfer table names its term only in
// the header (| 租赁物 | 租赁期限 | 年租金 |); each row's cell under that
// header is the term, read whatever row it is on, and not read when the
// header speaks of no lease or transfer or the row's cells do not line up.
func TestTableHeaderColumn(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, table, rule, quote string
	}{
		{"lease years", "| 租赁物 | 租赁期限 | 年租金 |\n| --- | --- | --- |\n| 门面房 | 十年 | 三万元 |\n| 老仓库 | 30年 | 两万元 |", "ct-lease-term", "30年"},
		{"lease period", "| 出租资产 | 租期 |\n| --- | --- |\n| 鱼塘 | 2026年1月1日至2050年12月31日 |", "ct-lease-term", "2026年1月1日至2050年12月31日"},
		{"lease within twenty", "| 租赁物 | 租赁期限 |\n| --- | --- |\n| 门面房 | 二十年 |", "ct-lease-term", ""},
		{"no lease header", "| 项目 | 期限 |\n| --- | --- |\n| 道路养护 | 三十年 |", "ct-lease-term", ""},
		{"transfer years", "| 地块 | 面积 | 流转期限 |\n| --- | --- | --- |\n| 东洼承包地 | 八十亩 | 五十年 |", "ct-transfer-term", "五十年"},
		{"transfer within thirty", "| 地块 | 流转期限 |\n| --- | --- |\n| 东洼承包地 | 十年 |", "ct-transfer-term", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "柳河村集体资产合同\n\n甲方：柳河村民委员会\n" + tt.table + "\n本合同自签字之日起生效。\n"
			checkCell(t, reviewMarkdown(t, e, doc, "合同"), tt.rule, tt.quote)
		})
	}
}

// TestTableHeaderRow: a row is read with its table's header when the row
// alone holds only the values (rowWithHeader): the header names the fine,
// the certificate and its issuer, the reward. The place reported is the
// row's cell, never the header.
func TestTableHeaderRow(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, typ, title, table, rule, quote string
	}{
		{"fine in the header", "规范性文件", "东山镇人民政府关于集镇管理的通告",
			"| 违规行为 | 罚款金额 |\n| --- | --- |\n| 占道经营 | 二百元 |", "nd-penalty", "二百元"},
		{"law in the header", "规范性文件", "东山镇人民政府关于集镇管理的通告",
			"| 违规行为 | 处罚依据 |\n| --- | --- |\n| 占道经营 | 《城市市容和环境卫生管理条例》 |", "nd-penalty", ""},
		{"cells off the header", "规范性文件", "东山镇人民政府关于集镇管理的通告",
			"| 违规行为 | 罚款金额 |\n| --- | --- |\n| 占道经营 | 二百元 | 另行通知 |", "nd-penalty", ""},
		{"certificate and issuer in the header", "规范性文件", "东山镇人民政府关于集镇经营管理的通告",
			"| 经营项目 | 所需证照 | 发证单位 |\n| --- | --- | --- |\n| 流动摊点 | 摊位证 | 镇市场管理办公室 |", "nd-local-licence", "镇市场管理办公室"},
		{"reward in the header", "规范性文件", "东山县招商引资奖励办法",
			"| 奖励对象 | 奖励标准 |\n| --- | --- |\n| 年纳税超过五百万元的企业 | 五十万元 |", "nd-selective-subsidy", "五十万元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.title + "\n\n为加强管理，特制定如下规定：\n" + tt.table + "\n本规定自发布之日起施行。\n"
			checkCell(t, reviewMarkdown(t, e, doc, tt.typ), tt.rule, tt.quote)
		})
	}
}

// reviewMarkdown reviews a Markdown document through the extractor, as an
// upload is: its tables reach the review as rows.
func reviewMarkdown(t *testing.T, e *Engine, doc, typ string) *Report {
	t.Helper()
	xd, err := extract.Bytes("t.md", []byte(doc), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Review(Input{Title: xd.Title, Text: xd.Text, Paragraphs: xd.Paragraphs}, Options{Type: typ, At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, doc, rep)
	return rep
}

// checkCell checks rule's finding on a table: its quote is the cell quote,
// or there is none when quote is "".
func checkCell(t *testing.T, rep *Report, rule, quote string) {
	t.Helper()
	f := flagged(rep, rule)
	switch {
	case quote == "" && f != nil:
		t.Errorf("%s reported on %q", rule, f.Quote)
	case quote != "" && f == nil:
		t.Errorf("%s not reported; got %v", rule, ruleIDs(rep))
	case quote != "" && f.Quote != quote:
		t.Errorf("quote %q, want the cell %q", f.Quote, quote)
	}
}
