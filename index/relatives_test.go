package index

import (
	"context"
	"fmt"
	"testing"
)

func TestCitations(t *testing.T) {
	for _, c := range []struct {
		text  string
		inner string
		outer string
	}{
		{"违反本法第十七条规定设定的行政许可，应当撤销。", "[第十七条]", "[]"},
		{"依照本法第十四条、第十五条规定可以设定行政许可的事项。", "[第十四条 第十五条]", "[]"},
		{"依照本法第十四条第二款、第十五条的规定。", "[第十四条 第十五条]", "[]"},
		{"除依照本法第六十八条、第六十九条的规定可以当场收缴的罚款外", "[第六十八条 第六十九条]", "[]"},
		{"依照《中华人民共和国行政处罚法》第十六条、第十七条的规定，本条例第三条另有规定。",
			"[第三条]", "[{行政处罚法 第十六条} {行政处罚法 第十七条}]"},
		{"发包方有《中华人民共和国农村土地承包法》第五十四条规定行为之一的，依照第二十条处理。",
			"[第二十条]", "[{农村土地承包法 第五十四条}]"},
		{"民法典第一百八十八条第一款规定的三年诉讼时效期间", "[]", "[{民法典 第一百八十八条}]"},
		{"第三人逾期不起诉又不履行行政复议决定的，依照行政复议法第三十三条的规定处理。", "[]", "[{依照行政复议法 第三十三条}]"},
		{"依照本条例第三条和民法典第五条、第六条的规定", "[第三条]", "[{和民法典 第五条} {和民法典 第六条}]"},
		{"第二十条之一规定的情形", "[第二十条之一]", "[]"},
		{"本条所称家庭暴力", "[]", "[]"},
	} {
		in, out := citations(c.text)
		if fmt.Sprint(in) != c.inner || fmt.Sprint(out) != c.outer {
			t.Errorf("citations(%q) = %v %v, want %s %s", c.text, in, out, c.inner, c.outer)
		}
	}
}

func TestLawStem(t *testing.T) {
	for _, c := range []struct{ short, want string }{
		{"土地管理法", "土地管理"},
		{"信访工作条例", "信访"},
		{"社会救助暂行办法", "社会救助"},
		{"城镇国有土地使用权出让和转让暂行条例", "城镇国有土地使用权出让和转让"},
		{"违法建设查处规定", "违法建设查处"},
		{"农村五保供养工作条例", "农村五保供养"},
	} {
		if got := lawStem(c.short); got != c.want {
			t.Errorf("lawStem(%q) = %q, want %q", c.short, got, c.want)
		}
	}
}

func TestImplements(t *testing.T) {
	law := &lawMeta{Name: "中华人民共和国土地管理法", Short: "土地管理法", Level: "法律"}
	petition := &lawMeta{Name: "信访工作条例", Short: "信访工作条例", Level: "行政法规"}
	relief := &lawMeta{Name: "社会救助暂行办法", Short: "社会救助暂行办法", Level: "行政法规"}
	for _, c := range []struct {
		f    *lawMeta
		m    *lawMeta
		want bool
	}{
		{&lawMeta{Name: "中华人民共和国土地管理法实施条例", Level: "行政法规"}, law, true},
		{&lawMeta{Name: "浙江省土地管理条例", Level: "地方性法规", Region: "浙江"}, law, true},
		{&lawMeta{Name: "浙江省实施《中华人民共和国土地管理法》办法", Level: "地方性法规", Region: "浙江"}, law, true},
		{&lawMeta{Name: "最高人民法院关于适用《中华人民共和国土地管理法》的解释", Level: "司法解释"}, law, true},
		{&lawMeta{Name: "浙江省实施《中华人民共和国村民委员会组织法》办法", Level: "地方性法规", Region: "浙江"}, law, false},
		{&lawMeta{Name: "城镇国有土地使用权出让和转让暂行条例", Level: "行政法规"}, law, false},
		// a national law of the same subject is not made on the law
		{&lawMeta{Name: "中华人民共和国土地管理条例", Level: "行政法规"}, law, false},
		{&lawMeta{Name: "浙江省信访条例", Level: "地方性法规", Region: "浙江"}, petition, true},
		{&lawMeta{Name: "杭州市土地管理规定", Level: "地方性法规", Region: "浙江"}, law, false},
		// an administrative regulation titled 暂行办法: its subject is 社会救助
		{&lawMeta{Name: "浙江省社会救助条例", Level: "地方性法规", Region: "浙江"}, relief, true},
		{&lawMeta{Name: "浙江省社会保险费征缴条例", Level: "地方性法规", Region: "浙江"}, relief, false},
	} {
		if got := implements(c.f, c.m); got != c.want {
			t.Errorf("implements(%s, %s) = %v, want %v", c.f.Name, c.m.Name, got, c.want)
		}
	}
}

// The first hit's consequence article, which shares few of the query's
// words, comes second; so does the province's regulation on the law.
func TestSearchRelatives(t *testing.T) {
	law := mkLaw("中华人民共和国许可法", "2019-04-23", "法律", "",
		"规范性文件不得设定行政许可。规范性文件设定行政许可的无效。",
		"规范性文件应当公开。规范性文件应当备案。",
		"规范性文件的起草。规范性文件的审查。",
		"违反本法第一条规定的，由上级机关责令改正或者予以撤销。",
		"本法自公布之日起施行。")
	other := mkLaw("中华人民共和国备案法", "2019-04-23", "法律", "",
		"规范性文件报送备案。规范性文件设定事项。")
	local := mkLaw("浙江省实施《中华人民共和国许可法》办法", "2020-01-01", "地方性法规", "浙江",
		"本省行政机关实施许可。",
		"本省规范性文件不得设定行政许可。")
	ix := buildIndex(t, law, other, local)
	keys := func(q Query) []string {
		r, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range r.Hits {
			out = append(out, hitKey(h))
		}
		return out
	}
	got := keys(Query{Text: "规范性文件 设定 行政许可", Province: "浙江", Size: 3})
	if len(got) < 3 || got[0] != "许可法 第一条" || !contains(got, "许可法 第四条") ||
		!contains(got, "浙江省实施《中华人民共和国许可法》办法 第二条") {
		t.Errorf("first three %v, want 许可法 第一条 first, its consequence 第四条 and 浙江's 第二条 after it", got)
	}
	// no province: no local regulation raised
	got = keys(Query{Text: "规范性文件 设定 行政许可", Size: 5})
	for _, k := range got {
		if k == "浙江省实施《中华人民共和国许可法》办法 第二条" {
			t.Errorf("hits %v hold a local regulation with no province", got)
		}
	}
	// a page beyond the first is the rest of the same order
	all := keys(Query{Text: "规范性文件 设定 行政许可", Province: "浙江", Size: 6})
	page := keys(Query{Text: "规范性文件 设定 行政许可", Province: "浙江", From: 3, Size: 3})
	if fmt.Sprint(all[3:]) != fmt.Sprint(page) {
		t.Errorf("second page %v, want %v", page, all[3:])
	}
}
