package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"lawreview/corpus"
	"lawreview/corpus/segment"
)

var testTmp string

func TestMain(m *testing.M) {
	var err error
	testTmp, err = os.MkdirTemp("", "lawreview-index-test-")
	if err != nil {
		panic(err)
	}
	// The dictionaries unpack once per machine, not once per test run.
	code := m.Run()
	if defaultIx != nil {
		defaultIx.Close()
	}
	os.RemoveAll(testTmp)
	os.Exit(code)
}

func analyze(t *testing.T, text string) analysis.TokenStream {
	t.Helper()
	a, err := Analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a.Analyze([]byte(text))
}

func termsOf(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

func TestAnalyzerTerms(t *testing.T) {
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		// search mode finds the fine inside the compound
		{"违者罚款200元。", []string{"罚款", "200", "元"}, []string{"。"}},
		// 不得 decides what a clause means: never a stop word
		{"外嫁女不得参与集体收益分配", []string{"外嫁女", "不得", "收益", "分配"}, nil},
		{"村民委员会的决定或者村规民约", []string{"村民委员会", "委员会", "村规民约", "决定"}, []string{"的", "或者"}},
		// full-width digits fold before segmentation, so they meet 200
		{"罚款２００元", []string{"罚款", "200"}, []string{"２００", "2", "0"}},
		{"《中华人民共和国行政处罚法》第十六条、第二十四条", []string{"行政处罚法", "处罚", "第十六条"}, []string{"《", "》", "、"}},
		{"Ａpp 与 APP 收费\u3000标准", []string{"app", "收费", "标准"}, []string{" ", "与", "\u3000"}},
		// four-character words inside longer ones, which search mode skips
		{"本村规民约经村民会议通过", []string{"本村规民约", "村规民约", "村民会议"}, nil},
		{"中华人民共和国", []string{"人民共和国", "共和国"}, nil},
		{"", nil, nil},
	} {
		got := termsOf(analyze(t, tc.text))
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: terms %q lack %q", tc.text, got, w)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%q: terms %q hold %q", tc.text, got, w)
			}
		}
	}
}

// The parts of a word share its position and words advance one by one, so
// a phrase analysed alone lines up with the same words inside a text.
func TestAnalyzerPositions(t *testing.T) {
	toks := analyze(t, "中华人民共和国村民委员会组织法")
	pos := map[string]int{}
	for _, tk := range toks {
		pos[string(tk.Term)] = tk.Position
	}
	for _, tc := range []struct {
		term string
		want int
	}{
		{"中华人民共和国", 1}, {"共和国", 1}, {"人民", 1},
		{"村民委员会", 2}, {"委员会", 2}, {"村民", 2},
		{"组织法", 3},
	} {
		if pos[tc.term] != tc.want {
			t.Errorf("position of %s = %d, want %d (all: %v)", tc.term, pos[tc.term], tc.want, pos)
		}
	}
	// Byte offsets must slice the original text to the term, also when
	// width folding changed the bytes the segmenter saw.
	text := "第三条　罚款２００元，违者罚款。"
	for _, tk := range analyze(t, text) {
		got := foldWidth(text[tk.Start:tk.End])
		if got != string(tk.Term) {
			t.Errorf("offsets [%d:%d] give %q, term %q", tk.Start, tk.End, text[tk.Start:tk.End], tk.Term)
		}
	}
}

func TestTokensToStreamOrdersParts(t *testing.T) {
	// As search mode emits them: parts before the word.
	toks := []segment.Token{
		{Text: "共和", Start: 0, End: 2}, {Text: "共和国", Start: 0, End: 3},
		{Text: "法", Start: 3, End: 4},
	}
	ts := tokensToStream("共和国法", nil, toks)
	if got := termsOf(ts); !slices.Equal(got, []string{"共和国", "共和", "法"}) {
		t.Fatalf("terms %q", got)
	}
	if ts[0].Position != 1 || ts[1].Position != 1 || ts[2].Position != 2 {
		t.Errorf("positions %d %d %d", ts[0].Position, ts[1].Position, ts[2].Position)
	}
	if ts[2].Start != 9 || ts[2].End != 12 {
		t.Errorf("法 at [%d:%d], want [9:12]", ts[2].Start, ts[2].End)
	}
}

func TestRegisteredByName(t *testing.T) {
	c := registry.NewCache()
	if _, err := c.AnalyzerNamed(AnalyzerName); err != nil {
		t.Fatalf("analyzer %s: %v", AnalyzerName, err)
	}
	for _, n := range []string{PunctFilter, StopFilterName} {
		if _, err := c.TokenFilterNamed(n); err != nil {
			t.Errorf("token filter %s: %v", n, err)
		}
	}
	if _, err := c.TokenizerNamed(TokenizerName); err != nil {
		t.Errorf("tokenizer %s: %v", TokenizerName, err)
	}
}

// bleve saves the mapping inside the index: it must name parts, not paths,
// and must be the lean one.
func TestMappingIsPortable(t *testing.T) {
	b, err := json.Marshal(NewMapping())
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	seg, _ := segment.Shared()
	for _, bad := range []string{seg.Dir(), os.TempDir(), `"include_term_vectors":true`, `"docvalues":true`} {
		if bad != "" && strings.Contains(s, bad) {
			t.Errorf("mapping holds %q: %s", bad, s)
		}
	}
	if !strings.Contains(s, AnalyzerName) {
		t.Errorf("mapping does not name %s", AnalyzerName)
	}
}

func TestStopWordsKeepLegalMeaning(t *testing.T) {
	for _, w := range []string{"不", "不得", "未", "无", "非", "禁止", "应当", "可以", "必须", "以上", "以下", "没有"} {
		if stopWords[w] {
			t.Errorf("%s is a stop word but carries legal meaning", w)
		}
	}
	if len(stopWords) < 40 {
		t.Errorf("only %d stop words", len(stopWords))
	}
}

func testLaws() []*corpus.Law {
	old := mkLaw("中华人民共和国妇女权益保障法", "2018-10-26", "法律", "",
		"妇女在农村划分责任田、口粮田等，以及批准宅基地方面，享有与男子平等的权利。",
		"任何组织和个人不得以妇女未婚、结婚、离婚、丧偶等为由，侵害妇女在农村集体经济组织中的各项权益。")
	cur := mkLaw("中华人民共和国妇女权益保障法", "2022-10-30", "法律", "",
		"妇女在农村集体经济组织成员身份确认、土地承包经营、集体经济组织收益分配等方面，享有与男子平等的权利。",
		"村规民约不得以妇女未婚、结婚、离婚、丧偶、户无男性等为由，侵害妇女在农村集体经济组织中的各项权益。",
		"对<妇女>权益的保护 & 其他事项。")
	land := mkLaw("中华人民共和国农村土地承包法", "2018-12-29", "法律", "",
		"农村土地承包，妇女与男子享有平等的权利。承包中应当保护妇女的合法权益，任何组织和个人不得剥夺、侵害妇女应当享有的土地承包经营权。",
		"承包期内，妇女结婚，在新居住地未取得承包地的，发包方不得收回其原承包地。")
	local := mkLaw("北京市村庄环境卫生管理规定", "2020-01-01", "地方性法规", "北京",
		"村民应当将生活垃圾投放到指定地点，违者由乡镇人民政府责令改正，可以处五十元以下罚款。")
	return []*corpus.Law{old, cur, land, local}
}

func TestSearch(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	ctx := context.Background()
	type want struct {
		total    uint64
		first    string // LawID + " " + Article of the first hit, "" = no check
		statuses []string
	}
	for _, tc := range []struct {
		name string
		q    Query
		want want
	}{
		{"current only by default", Query{Text: "丧偶 离婚"}, want{1, "妇女权益保障法@2022-10-30 第二条", []string{"current"}}},
		{"all versions", Query{Text: "丧偶 离婚", AllVersions: true}, want{2, "", []string{"current", "superseded"}}},
		{"explicit status", Query{Text: "丧偶", Status: "superseded"}, want{1, "妇女权益保障法@2018-10-26 第二条", []string{"superseded"}}},
		{"law filter by short name part", Query{Text: "妇女", Law: "土地承包法"}, want{2, "", []string{"current", "current"}}},
		{"law filter by full name in book marks", Query{Text: "妇女", Law: "《中华人民共和国农村土地承包法》"}, want{2, "", nil}},
		{"level filter", Query{Text: "罚款", Level: "地方性法规"}, want{1, "北京市村庄环境卫生管理规定@2020-01-01 第一条", nil}},
		{"region filter", Query{Text: "罚款 妇女", Region: "北京"}, want{1, "", nil}},
		{"search mode finds part of compound", Query{Text: "罚款", AllRegions: true}, want{1, "", nil}},
		{"local regulations only of the office's province", Query{Text: "罚款"}, want{0, "", nil}},
		{"the office's province", Query{Text: "罚款", Province: "北京"}, want{1, "北京市村庄环境卫生管理规定@2020-01-01 第一条", nil}},
		{"another province", Query{Text: "罚款", Province: "浙江"}, want{0, "", nil}},
		{"the province's full name", Query{Text: "罚款", Province: "北京市"}, want{1, "", nil}},
		{"phrase as written", Query{Text: `"不得收回"`}, want{1, "农村土地承包法@2018-12-29 第二条", nil}},
		{"phrase words apart still match, unboosted", Query{Text: `"收回不得"`}, want{1, "", nil}},
		{"phrase words all required", Query{Text: `"收回宅基地"`}, want{0, "", nil}},
		{"Phrase flag", Query{Text: "户无男性", Phrase: true}, want{1, "妇女权益保障法@2022-10-30 第二条", nil}},
		{"excluded word", Query{Text: "妇女 -承包"}, want{2, "", nil}},
		{"stop words only", Query{Text: "的 或者"}, want{0, "", nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total != tc.want.total || len(r.Hits) != int(min(tc.want.total, DefaultSize)) {
				t.Fatalf("total %d, %d hits, want %d: %+v", r.Total, len(r.Hits), tc.want.total, r.Hits)
			}
			if tc.want.first != "" && r.Hits[0].LawID+" "+r.Hits[0].Article != tc.want.first {
				t.Errorf("first hit %s %s, want %s", r.Hits[0].LawID, r.Hits[0].Article, tc.want.first)
			}
			if tc.want.statuses != nil {
				var got []string
				for _, h := range r.Hits {
					got = append(got, h.Status)
				}
				slices.Sort(got)
				want := slices.Clone(tc.want.statuses)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("statuses %v, want %v", got, want)
				}
			}
		})
	}
}

func TestSearchScope(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	for _, tc := range []struct {
		q             Query
		scope, notice string
	}{
		{Query{Text: "罚款"}, "", "未检索地方性法规（未设置所在省份）"},
		{Query{Text: "罚款", Province: "北京市"}, "北京", ""},
		{Query{Text: "罚款", Province: "江苏省"}, "江苏", "索引中没有江苏的地方性法规"},
		{Query{Text: "罚款", AllRegions: true}, "全部", ""},
		{Query{Text: "罚款", Levels: []string{"地方法规"}}, "全部", ""},
		{Query{Text: "罚款", Levels: []string{"法律", "行政法规"}, Province: "北京"}, "", ""},
		{Query{Text: "罚款", Region: "北京", Province: "浙江"}, "北京", ""},
	} {
		r, err := ix.Search(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Scope != tc.scope || r.Notice != tc.notice {
			t.Errorf("%+v: scope %q notice %q, want %q %q", tc.q, r.Scope, r.Notice, tc.scope, tc.notice)
		}
	}
	if _, err := ix.Search(context.Background(), Query{Text: "罚款", Levels: []string{"法律", "县规"}}); !IsInputError(err) || !strings.Contains(err.Error(), "未知的法律层级“县规”") {
		t.Errorf("unknown level: %v", err)
	}
	// pages are ranked among the first MaxFrom candidates: none starts later
	if _, err := ix.Search(context.Background(), Query{Text: "罚款", From: MaxFrom + 1}); !IsInputError(err) {
		t.Errorf("from beyond MaxFrom: %v", err)
	}
}

// A quoted phrase standing in the article as written lifts it; its words
// apart do not.
func TestPhraseBoost(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	score := func(q string) float64 {
		r, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil || len(r.Hits) != 1 {
			t.Fatalf("%s: %v %+v", q, err, r)
		}
		return r.Hits[0].Score
	}
	if as, apart := score(`"不得收回"`), score(`"收回不得"`); as < 2*apart {
		t.Errorf("phrase as written %.3f, apart %.3f", as, apart)
	}
}

func TestSearchHitFields(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	r, err := ix.Search(context.Background(), Query{Text: "丧偶 户无男性"})
	if err != nil {
		t.Fatal(err)
	}
	h := r.Hits[0]
	want := Hit{ID: "妇女权益保障法@2022-10-30/2", LawID: "妇女权益保障法@2022-10-30", Law: "中华人民共和国妇女权益保障法",
		ShortName: "妇女权益保障法", Article: "第二条", Number: 2, Chapter: "第一章 总则", Level: "法律",
		Status: "current", Version: "2022-10-30"}
	got := h
	got.Score, got.Text, got.Fragments = 0, "", nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hit\n got %+v\nwant %+v", got, want)
	}
	if !strings.HasPrefix(h.Text, "村规民约不得以妇女") || h.Score <= 0 {
		t.Errorf("text %q score %v", h.Text, h.Score)
	}
	if len(h.Fragments) == 0 || !strings.Contains(h.Fragments[0], "<mark>丧偶</mark>") || !strings.Contains(h.Fragments[0], "<mark>户无男性</mark>") {
		t.Errorf("fragments %q", h.Fragments)
	}
}

func TestSearchFragmentsEscapeHTML(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	r, err := ix.Search(context.Background(), Query{Text: "保护 事项"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.Article != "第三条" {
			continue
		}
		f := strings.Join(h.Fragments, "")
		if strings.Contains(f, "<妇女>") || !strings.Contains(f, "&lt;妇女&gt;") || !strings.Contains(f, "&amp;") {
			t.Errorf("fragment not escaped: %q", f)
		}
		if !strings.Contains(f, "<mark>保护</mark>") {
			t.Errorf("fragment not marked: %q", f)
		}
		return
	}
	t.Fatalf("第三条 not found: %+v", r.Hits)
}

func TestSearchPagination(t *testing.T) {
	ix := defaultIndex(t)
	ctx := context.Background()
	all, err := ix.Search(ctx, Query{Text: "村民", Size: 30})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total < 30 {
		t.Fatalf("only %d hits for 村民 in the default corpus", all.Total)
	}
	for _, tc := range []struct{ from, size int }{{0, 10}, {10, 10}, {25, 5}, {5, 1}} {
		p, err := ix.Search(ctx, Query{Text: "村民", From: tc.from, Size: tc.size})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != all.Total || len(p.Hits) != tc.size {
			t.Fatalf("from %d size %d: total %d, %d hits", tc.from, tc.size, p.Total, len(p.Hits))
		}
		for i, h := range p.Hits {
			if h.ID != all.Hits[tc.from+i].ID {
				t.Errorf("from %d: hit %d is %s, want %s", tc.from, i, h.ID, all.Hits[tc.from+i].ID)
			}
		}
	}
}

func TestSearchInputErrors(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	for _, q := range []Query{
		{Text: "  "},
		{Text: "妇女", Law: "不存在的法"},
		{Text: "妇女", Status: "valid"},
		{Text: "妇女", Law: "法"}, // matches a handful only: fine
	} {
		_, err := ix.Search(context.Background(), q)
		wantErr := q.Law != "法"
		if (err != nil) != wantErr || (err != nil && !IsInputError(err)) {
			t.Errorf("%+v: err %v, want input error %v", q, err, wantErr)
		}
	}
}

func TestRelatedInForceOnly(t *testing.T) {
	ix := buildIndex(t, testLaws()...)
	rs, err := ix.Related(clauseQuery("村规民约规定外嫁女离婚、丧偶后不得参与集体经济组织收益分配"), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		t.Fatal("no related articles")
	}
	if rs[0].Law != "中华人民共和国妇女权益保障法" || rs[0].Article != "第二条" || !strings.Contains(rs[0].Text, "户无男性") {
		t.Errorf("first related %+v", rs[0])
	}
	for _, r := range rs {
		if strings.Contains(r.Text, "责任田") {
			t.Errorf("superseded version returned: %+v", r)
		}
	}
	for _, c := range []string{"", "的。", "，，"} {
		rs, err := ix.Related(clauseQuery(c), 5)
		if err != nil || len(rs) != 0 {
			t.Errorf("Related(%q) = %v, %v", c, rs, err)
		}
	}
}

func TestBuildRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), []byte("x"), 0o644)
	if err := Build(dir, testLaws(), nil); err == nil {
		t.Fatal("Build into a non-empty directory succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err != nil {
		t.Fatal("Build removed a directory it refused")
	}
}

func TestBuildProgress(t *testing.T) {
	var calls [][2]int
	dir := filepath.Join(t.TempDir(), "ix")
	c := corpus.New(testLaws()...)
	laws := c.Laws()
	if err := Build(dir, laws, func(d, n int) { calls = append(calls, [2]int{d, n}) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{8, 8} {
		t.Fatalf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Errorf("progress went back: %v", calls)
		}
	}
	ix, err := Open(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Articles() != 8 {
		t.Errorf("%d articles indexed, want 8", ix.Articles())
	}
}

func TestOpenMissing(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "nope"), t.TempDir()} {
		if _, err := Open(dir, corpus.New()); err == nil {
			t.Errorf("Open(%s) succeeded", dir)
		}
	}
}

func TestBuildEmpty(t *testing.T) {
	for _, laws := range [][]*corpus.Law{nil, {mkLaw("无条文法", "2020-01-01", "法律", "")}} {
		ix := buildIndex(t, laws...)
		if ix.Articles() != 0 {
			t.Errorf("%d articles", ix.Articles())
		}
		r, err := ix.Search(context.Background(), Query{Text: "罚款"})
		if err != nil || r.Total != 0 {
			t.Errorf("search empty index: %v %v", r, err)
		}
		if rs, err := ix.Related(clauseQuery("违者罚款"), 5); err != nil || len(rs) != 0 {
			t.Errorf("related on empty index: %v %v", rs, err)
		}
	}
}
