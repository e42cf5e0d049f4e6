package index

import (
	"context"
	"slices"
	"testing"

	"lawreview/corpus"
)

func TestIsBookHeading(t *testing.T) {
	for _, tc := range []struct {
		h    string
		want bool
	}{
		{"第三编 合同", true},
		{"第十编 附则", true},
		{"第1编 总则", true},
		{"第一分编 通则", false},
		{"第二章 编制管理", false},
		{"第五章 行政处罚的决定", false},
		{"第三节 普通程序", false},
		{"附则", false},
	} {
		if got := isBookHeading(tc.h); got != tc.want {
			t.Errorf("isBookHeading(%q) = %v, want %v", tc.h, got, tc.want)
		}
	}
}

// headingsLaw: two articles of the same text, one in a section of a
// chapter on 协商和解, one in a section of a chapter on 行政处罚; a third
// under a 编 and a chapter.
func headingsLaw() *corpus.Law {
	l := mkLaw("中华人民共和国标题测试法", "2020-01-01", "法律", "",
		"行政机关应当书面催告当事人履行义务。",
		"行政机关应当书面催告当事人履行义务。",
		"当事人可以约定违约金。")
	l.Articles[0].Chapters = []string{"第二章 协商和解", "第一节 一般规定"}
	l.Articles[1].Chapters = []string{"第三章 行政处罚", "第一节 一般规定"}
	l.Articles[2].Chapters = []string{"第三编 合同", "第一章 一般规定"}
	return l
}

func TestHeadingPaths(t *testing.T) {
	ix := buildIndex(t, headingsLaw())
	paths, err := ix.headingPaths("标题测试法@2020-01-01")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"第二章 协商和解 第一节 一般规定 ", "第三章 行政处罚 第一节 一般规定 ", "第一章 一般规定 "}
	if !slices.Equal(paths, want) {
		t.Errorf("headingPaths = %q, want %q", paths, want)
	}
}

// TestHeadingPathRanks: the article whose chapter (not its section) names
// the query's other concept ranks first with the whole path read, and
// ties the other without it.
func TestHeadingPathRanks(t *testing.T) {
	ix := buildIndex(t, headingsLaw())
	defer func(old bool) { headingPath = old }(headingPath)
	for _, tc := range []struct {
		path      bool
		wantFirst string // "" when the two must tie
	}{
		{true, "第二条"},
		{false, ""},
	} {
		headingPath = tc.path
		r, err := ix.Search(context.Background(), Query{Text: "行政处罚 催告", Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) < 2 {
			t.Fatalf("path %v: %d hits, want 2", tc.path, len(r.Hits))
		}
		a, b := r.Hits[0], r.Hits[1]
		if tc.wantFirst == "" {
			if a.Score != b.Score {
				t.Errorf("path off: %s %.4f, %s %.4f, want a tie", a.Article, a.Score, b.Article, b.Score)
			}
			continue
		}
		if a.Article != tc.wantFirst || a.Score <= b.Score {
			t.Errorf("path on: %s %.4f first, %s %.4f, want %s first", a.Article, a.Score, b.Article, b.Score, tc.wantFirst)
		}
	}
}
