package index

import (
	"context"
	"fmt"
	"testing"
)

func TestQuestionStripped(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"有效吗", "有效"},
		{"担责吗", "担责"},
		{"能不能", ""},
		{"行不行", ""},
		{"能不能继承", "继承"},
		{"是不是行政处罚", "行政处罚"},
		{"可不可以罚款", "罚款"},
		{"有没有权力", "权力"},
		{"哪些情形", "情形"},
		{"谁负责", "负责"},
		{"几天内", ""},
		{"规范性文件吗", "规范性文件"},
		{"怎么产生", "产生"},
		// not questions: words of the law stay as typed
		{"不得", "不得"},
		{"不动产", "不动产"},
		{"罚款", "罚款"},
		{"一户一宅", "一户一宅"},
		{"多少", ""}, // a question word alone: no concept
		{"什么", ""},
	} {
		if got := questionStripped(tc.in); got != tc.want {
			t.Errorf("questionStripped(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAsksPeriod(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  bool
	}{
		{[]string{"行政处罚", "多少天内", "办完"}, true},
		{[]string{"先行登记保存", "几天内处理"}, true},
		{[]string{"村委会", "任期", "几年"}, true},
		{[]string{"试用期", "多长"}, true},
		{[]string{"村规民约", "罚款"}, false},
		{[]string{"协管员", "能不能", "开罚单"}, false},
		{[]string{"几个", "村民"}, false},
	} {
		if got := asksPeriod(tc.words); got != tc.want {
			t.Errorf("asksPeriod(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

func TestStatesPeriod(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。", true},
		{"采购人应当在收到书面质疑后七个工作日内作出答复。", true},
		{"村民委员会每届任期五年，届满应当及时举行换届选举。", true},
		{"查封、扣押的期限不得超过三十日。", true},
		{"行政机关应当书面催告当事人履行义务。", false},
		{"村民委员会成员可以连选连任。", false},
	} {
		if got := statesPeriod(tc.text); got != tc.want {
			t.Errorf("statesPeriod(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestPeriodQuestionRanks: asked how long, the article stating the period
// ranks above one of the same words that states none; asked without the
// question's form, the other ranks as it would.
func TestPeriodQuestionRanks(t *testing.T) {
	ix := buildIndex(t, mkLaw("中华人民共和国期限测试法", "2020-01-01", "法律", "",
		"行政机关应当对补正材料作出答复。",
		"行政机关应当在七日内对补正材料作出答复。"))
	for _, tc := range []struct {
		query, first string
	}{
		{"补正材料 答复 几天内", "第二条"},
		{"补正材料 多久 答复", "第二条"},
	} {
		r, err := ix.Search(context.Background(), Query{Text: tc.query, Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) < 2 || r.Hits[0].Article != tc.first || r.Hits[0].Score <= r.Hits[1].Score {
			var got []string
			for _, h := range r.Hits {
				got = append(got, fmt.Sprintf("%s %.3f", h.Article, h.Score))
			}
			t.Errorf("%s: %v, want %s first and above the other", tc.query, got, tc.first)
		}
	}
	// the same articles without the question: no period weight, the
	// shorter first article is not pushed below
	r, err := ix.Search(context.Background(), Query{Text: "补正材料 答复", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) < 2 || r.Hits[0].Article != "第一条" {
		t.Errorf("补正材料 答复: first %v, want 第一条 (shorter, no period asked)", r.Hits)
	}
}
