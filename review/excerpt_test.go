package review

import (
	"strings"
	"testing"
	"time"
)

func TestArticleParts(t *testing.T) {
	e := testEngine(t)
	law, art, err := e.laws.Article("立法法", "第九十三条", time.Now())
	if err != nil || law == nil || art == nil {
		t.Fatalf("立法法 第九十三条: %v", err)
	}
	var labels []string
	for _, p := range articleParts(art.Text) {
		labels = append(labels, p.label)
	}
	want := "第一款 第二款 第二款第一项 第二款第二项 第三款 第四款 第五款 第六款"
	if got := strings.Join(labels, " "); got != want {
		t.Errorf("parts of 立法法 第九十三条:\n got %s\nwant %s", got, want)
	}
}

// TestWithExcerpt picks the part of a basis article by what a rule says
// of the clause, with the rules' own title and message.
func TestWithExcerpt(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct {
		rule, law, article string
		about              string // instead of the rule's words, when set
		part               string // "" = the article is meant whole
	}{
		{rule: "vr-fine", law: "村民委员会组织法", article: "第二十七条", part: "第二款"},
		{rule: "nd-obligation", law: "立法法", article: "第九十三条", part: "第六款"},
		{rule: "nd-designated-supplier", law: "公平竞争审查条例", article: "第八条", part: "第三项"},
		{rule: "vr-women-rights", law: "妇女权益保障法", article: "第五十五条", part: "第一款"},
		// Short: read whole.
		{rule: "vr-fine", law: "行政处罚法", article: "第十六条"},
		// Words of another subject: no part stands out.
		{law: "立法法", article: "第九十三条", about: "村规民约不得限制外嫁女享有集体经济组织收益分配"},
		// The lead-in of a list of 项 wins: the article as a whole.
		{law: "公平竞争审查条例", article: "第八条", about: "起草单位起草的政策措施不得含有限制或者变相限制市场准入和退出的内容"},
	} {
		law, art, err := e.laws.Article(c.law, c.article, time.Now())
		if err != nil || law == nil || art == nil {
			t.Fatalf("%s %s: %v", c.law, c.article, err)
		}
		about := c.about
		if about == "" {
			r := e.rule(c.rule)
			if r == nil {
				t.Fatalf("no rule %s", c.rule)
			}
			about = r.Title + "\n" + r.Message
		}
		b := withExcerpt(Basis{Law: law.Name, Article: art.Label, Text: art.Text}, about)
		if b.Part != c.part {
			t.Errorf("%s %s %s: part %q, want %q", c.rule, c.law, c.article, b.Part, c.part)
		}
		if b.Part != "" && !strings.Contains(art.Text, b.Excerpt) {
			t.Errorf("%s %s: excerpt %q is not in the article", c.law, c.article, b.Excerpt)
		}
		if b.Part == "" && b.Excerpt != "" {
			t.Errorf("%s %s: excerpt without a part", c.law, c.article)
		}
	}
}

func FuzzArticleParts(f *testing.F) {
	f.Add("甲。\n（一）乙；\n（二）丙。\n丁。")
	f.Add("(一)孤项\n（十二）十二\n（）空\n（abc）")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range articleParts(text) {
			if p.label == "" || !strings.Contains(text, p.text) {
				t.Fatalf("part %+v of %q", p, text)
			}
		}
		withExcerpt(Basis{Text: text}, text)
	})
}
