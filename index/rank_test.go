package index

import (
	"context"
	"slices"
	"testing"

	"lawreview/corpus/segment"
)

// firstHit searches text over ix (all regions) and returns the first
// hit's article label.
func firstHit(t *testing.T, ix *Index, text string) string {
	t.Helper()
	r, err := ix.Search(context.Background(), Query{Text: text, AllRegions: true, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 {
		t.Fatalf("%s: no hits", text)
	}
	return r.Hits[0].Article
}

// The pieces of a word the index does not hold, standing apart, are not
// the word: 集体决策 and 国有资产 do not make an article about 集体资产.
func TestPiecesAloneAreNotTheWord(t *testing.T) {
	filler := make([]string, 30)
	for i := range filler {
		filler[i] = "机动车驾驶人应当按照规定的车道和速度行驶，遵守交通信号。"
	}
	ix := buildIndex(t, mkLaw("某某村务管理条例", "2020-01-01", "行政法规", "",
		"资产处置应当经集体决策，处置资产的结果应当公开。",
		"村集体资产的处置方案，由村民会议讨论决定，村民委员会应当公布处置结果，接受村民监督，并报乡镇人民政府备案。"),
		mkLaw("某某道路交通条例", "2020-01-01", "行政法规", "", filler...))
	if got := firstHit(t, ix, "集体资产 处置"); got != "第二条" {
		t.Errorf("集体资产 处置: first hit %s, want 第二条 (the article that says 集体资产)", got)
	}
}

// Of two articles alike in their terms, the one that forbids comes first
// and the one that only publicises last.
func TestForbiddingArticleFirst(t *testing.T) {
	ix := buildIndex(t, mkLaw("某某家庭保护法", "2020-01-01", "法律", "",
		"国家开展家庭暴力防治宣传，普及防治家庭暴力知识。",
		"家庭暴力受害人可以向居民委员会、村民委员会反映情况。",
		"国家禁止任何形式的家庭暴力，家庭成员之间应当和睦相处。"))
	if got := firstHit(t, ix, "家庭暴力"); got != "第三条" {
		t.Errorf("家庭暴力: first hit %s, want 第三条 (the prohibition)", got)
	}
}

// A regulation the office's province made states the rule for the office;
// one of a city in it binds that city only: alike in their words, the
// province's comes first, whichever is shorter.
func TestProvinceBeforeCity(t *testing.T) {
	ix := buildIndex(t,
		mkLaw("宁波市村务公开条例", "2020-01-01", "地方性法规", "浙江",
			"村民委员会实行村务公开制度。"),
		mkLaw("浙江省村务公开办法", "2020-01-01", "地方性法规", "浙江",
			"村民委员会实行村务公开制度，涉及财务的事项至少每季度公布一次，接受村民的监督。"))
	r, err := ix.Search(context.Background(), Query{Text: "村务公开", Province: "浙江", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	var laws []string
	for _, h := range r.Hits {
		laws = append(laws, h.Law)
	}
	if len(laws) != 2 || laws[0] != "浙江省村务公开办法" {
		t.Errorf("村务公开: hits of %v, want 浙江省村务公开办法 first", laws)
	}
}

// A search scores its candidates with the articles' mean length, not
// bleve's mean of 1 (the dictionary's size over the documents): a long
// article that names the subject twice is not lost to short ones that
// name it once in passing.
func TestSearchScoresWithMeanLength(t *testing.T) {
	ctx := context.Background()
	ix := defaultIndex(t)
	seg, err := segment.Shared()
	if err != nil {
		t.Fatal(err)
	}
	terms, err := ix.wordTerms(seg, "村务公开", termOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bleveScores, _, err := ix.topTerms(ctx, terms, 1, 50, "", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	searchScores, _, err := ix.topTerms(ctx, terms, 1, 50, "", nil, searchAvgTerms)
	if err != nil {
		t.Fatal(err)
	}
	if len(bleveScores) == 0 || len(bleveScores) != len(searchScores) {
		t.Fatalf("candidates: %d with bleve's mean, %d with the search's", len(bleveScores), len(searchScores))
	}
	// the same documents, scored higher where the mean is longer
	byID := map[string]float64{}
	for _, c := range bleveScores {
		byID[c.id] = c.score
	}
	for _, c := range searchScores {
		b, ok := byID[c.id]
		if !ok {
			t.Errorf("%s found with the search's mean length only", c.id)
			continue
		}
		if c.score <= b {
			t.Errorf("%s: score %.4f with the mean length %g, %.4f with bleve's", c.id, c.score, searchAvgTerms, b)
		}
	}
	// and bleve's own scores are still those of Related, from the cache
	again, _, err := ix.topTerms(ctx, terms, 1, 50, "", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].id != bleveScores[i].id || again[i].score != bleveScores[i].score {
			t.Fatalf("bleve's scores changed once the search's were cached: %s %v, then %s %v",
				bleveScores[i].id, bleveScores[i].score, again[i].id, again[i].score)
		}
	}
}

// A law made for one group of persons states the rule for that group: for
// a question naming no group the general law comes first, for one naming
// the group the group's law keeps its place.
func TestGroupLawAfterGeneralLaw(t *testing.T) {
	ix := buildIndex(t,
		mkLaw("某某妇女权益法", "2020-01-01", "法律", "",
			"禁止非法拘禁妇女。"),
		mkLaw("某某公民权利法", "2020-01-01", "法律", "",
			"禁止非法拘禁公民，禁止非法搜查公民的身体。"))
	for _, tc := range []struct{ query, want string }{
		{"非法拘禁", "某某公民权利法"},
		{"非法拘禁 妇女", "某某妇女权益法"},
	} {
		r, err := ix.Search(context.Background(), Query{Text: tc.query, Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 || r.Hits[0].Law != tc.want {
			var laws []string
			for _, h := range r.Hits {
				laws = append(laws, h.Law)
			}
			t.Errorf("%s: hits of %v, want %s first", tc.query, laws, tc.want)
		}
	}
}

// TestPieceInTitle: a two-character piece of a query word in a law's title
// (the 安全 of 安全保障义务 in 公共安全视频图像信息系统管理条例) makes its
// articles have the concept only as a piece in their text would; a longer
// piece names the subject (人民调解 of 人民调解协议 in 人民调解法).
func TestPieceInTitle(t *testing.T) {
	cs := []concept{
		{word: "安全保障义务", terms: []wterm{{term: "安全保障义务", boost: ownWeight}, {term: "安全", boost: partWeight, kind: pieceTerm}}},
		{word: "人民调解协议", terms: []wterm{{term: "人民调解协议", boost: ownWeight, virtual: true}, {term: "人民调解", boost: partWeight, kind: pieceTerm}}},
	}
	ix := &Index{}
	for _, tc := range []struct {
		title        string
		inTitle      []bool
		pieceInTitle []bool
	}{
		{"公共安全视频图像信息系统管理条例", []bool{false, false}, []bool{true, false}},
		{"人民调解法", []bool{false, true}, []bool{false, false}},
		{"安全保障义务规定", []bool{true, false}, []bool{false, false}},
	} {
		lr := ix.lawRankOf(&lawMeta{Name: tc.title, Level: "行政法规", Status: "current"}, cs)
		if !slices.Equal(lr.inTitle, tc.inTitle) || !slices.Equal(lr.pieceInTitle, tc.pieceInTitle) {
			t.Errorf("%s: inTitle %v, pieceInTitle %v; want %v, %v", tc.title, lr.inTitle, lr.pieceInTitle, tc.inTitle, tc.pieceInTitle)
		}
	}
}
