package review

import (
	"strings"
	"testing"
)

// TestItemWithHeading checks which list items are read with a heading,
// and that a place found in the joined text maps back into the item.
func TestItemWithHeading(t *testing.T) {
	cases := []struct {
		name, text, item, want string // want "" = not joined
	}{
		{"heading above the items",
			"一、禁止在下列场所燃放烟花爆竹：\n（一）圩镇范围；\n（二）车站、码头；",
			"（二）车站", "禁止在下列场所燃放烟花爆竹：车站、码头；"},
		{"heading several items above",
			"对下列人员取消低保：\n（一）有车辆的；\n（二）有商品房的；\n（三）长期在外务工的。",
			"（三）", "对下列人员取消低保：长期在外务工的。"},
		{"inline list, a later item",
			"禁止在下列场所燃放烟花爆竹：（一）文物保护单位；（二）镇政府所在地。",
			"（二）", "禁止在下列场所燃放烟花爆竹：镇政府所在地。"},
		{"inline list, an item on the next line (round 50b)",
			"不予享受对象:(1)基准日之前已享受原迁出村政策的。\n(2)基准日之前已办理结婚手续的出嫁人员。\n(3)挂靠落户人员。",
			"(3)", "不予享受对象：挂靠落户人员。"},
		{"digits under a heading",
			"符合以下条件的企业给予奖励：\n1.在本县注册；\n2.年纳税500万元以上。",
			"2.", "符合以下条件的企业给予奖励：年纳税500万元以上。"},
		{"a sibling of the heading's own numbering",
			"一、禁止在下列场所燃放烟花爆竹：\n（一）圩镇范围；\n二、禁止销售非法烟花爆竹。",
			"二、", ""},
		{"a parent heading of another numbering between",
			"入驻企业需同时符合以下条件：\n（一）依法办理登记。\n二、运营管理\n（一）园区运营\n1.园区由平台公司负责运营。",
			"1.", ""},
		{"the notice's own opening",
			"现将有关事项通告如下：\n一、严禁举办大型民俗活动；\n二、严禁聚餐。",
			"二、", ""},
		{"a line of prose ends the list",
			"对下列人员取消低保：\n（一）有车辆的；\n以上人员须在月底前申报。\n（二）有商品房的。",
			"（二）", ""},
		{"a heading that lists the cases its act applies in",
			"有下列情形之一的，不予认定为见义勇为：\n（一）故意犯罪的；\n（二）醉酒的。",
			"（一）", ""},
		{"a question its items answer (round 48v)",
			"二、哪些已保对象必须取消低保\n1、自然减员的人员；\n2、举家外出难以监管的。",
			"2、", "哪些已保对象必须取消低保：举家外出难以监管的。"},
		{"a parent heading that asks nothing",
			"二、取消低保的程序\n1、村民小组提出意见；\n2、乡镇审核。",
			"2、", ""},
		{"articles are no list's items",
			"本办法所称补助如下：\n第一条 在本镇注册的企业。",
			"第一条", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDoc(nil, "", c.text)
			var u unit
			found := false
			for _, x := range d.units("sentence") {
				if strings.Contains(strings.TrimSpace(x.text), c.item) && strings.HasPrefix(strings.TrimSpace(x.text), c.item) {
					u, found = x, true
					break
				}
			}
			if !found {
				t.Fatalf("no sentence opens with %q", c.item)
			}
			hr, ok := d.itemWithHeadingFor(u, false)
			got := ""
			if ok {
				got = hr.u.text
			}
			if got != c.want {
				t.Fatalf("joined %q, want %q", got, c.want)
			}
			if !ok {
				return
			}
			// The whole item part maps back to the item's words, the
			// heading part to nothing.
			c0 := hr.cells[0]
			s, ok := hr.toDoc(span{c0.cellAt, c0.end})
			if !ok || !strings.HasPrefix(c.want[len(c.want)-len(string(d.runes[s.start:s.end])):], string(d.runes[s.start:s.end])) {
				t.Errorf("item part maps to %q", string(d.runes[s.start:s.end]))
			}
			if _, ok := hr.toDoc(span{0, c0.cellAt - 1}); ok {
				t.Errorf("the heading part maps into the document")
			}
		})
	}
}

// TestHeadingGate: a rule with headings: true reads a list item with its
// heading only where the heading supplies the anchors the item lacks; the
// place is the item's, and a rule without the key never joins.
func TestHeadingGate(t *testing.T) {
	const body = `headings: %v
match:
  regex: ['取消低保[^。；]{0,4}长期在外务工']
`
	cases := []struct {
		text  string
		quote string // "" = no finding
	}{
		{"对下列人员取消低保：\n（一）有车辆的；\n（二）长期在外务工的。", "长期在外务工的"},
		{"取消低保的情形如下：\n1.长期在外务工的；", ""}, // the heading lacks the act's words in order
		// The item has every anchor itself and does not match: the heading adds nothing.
		{"对下列人员取消低保：\n（一）长期在外务工的不取消低保。", ""},
		// The notice's own opening is no heading.
		{"现将取消低保有关事项通知如下：\n一、长期在外务工的。", ""},
	}
	for _, on := range []bool{true, false} {
		e := oneRuleEngine(t, "t-heading.yaml", decisionRule("t-heading", "取消低保", strings.Replace(body, "%v", map[bool]string{true: "true", false: "false"}[on], 1), "取消低保：长期在外务工的。"))
		for _, tc := range cases {
			rep, err := e.Review(Input{Text: tc.text}, Options{Type: "决定", At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(rep.Findings) > 0 {
				got = rep.Findings[0].Quote
			}
			want := tc.quote
			if !on {
				want = ""
			}
			if !strings.Contains(got, want) || want == "" && got != "" {
				t.Errorf("headings %v, %q: quote %q, want %q", on, tc.text, got, want)
			}
		}
	}
}

// TestHeadingOn: an exception narrowed to a shape (on) reads a match made
// with its heading as the joined words show it. Before session 33 it read
// the item alone, which holds none of the shape's words, so a statute's
// own list (下列场所禁止…：（五）人群聚集的…区域) kept a finding its
// statute exception was written to cancel.
func TestHeadingOn(t *testing.T) {
	rule := decisionRule("t-heading-on", "无权关停", `headings: true
match:
  regex: ['禁止吸烟[^。；]{0,4}人群聚集的[^，。；]{0,12}区域']
unless:
  - {scope: document, on: {regex: ['禁止吸烟[^。；]{0,4}人群聚集']}, regex: ['本条例']}
`, "禁止吸烟：人群聚集的等候区域。")
	expectFindings(t, oneRuleEngine(t, "t-heading-on.yaml", rule), []struct {
		text string
		want bool
	}{
		{"关于控烟的通知\n下列场所禁止吸烟：\n（一）学校；\n（二）人群聚集的等候区域。", true},
		{"某市控制吸烟条例\n第一条 为了控烟，制定本条例。\n第二条 下列场所禁止吸烟：\n（一）学校；\n（二）人群聚集的等候区域。", false},
	})
}
