package index

import "testing"

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
