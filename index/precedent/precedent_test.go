package precedent

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"lawreview/review/precedent"
)

func fixture() []precedent.Precedent {
	return []precedent.Precedent{
		{ID: "review-1-1", Clause: "对偷盗集体财物的，由村委会处以500元罚款", Sentence: "一、对偷盗集体财物的，由村委会处以500元罚款，并在村务公开栏公开曝光。",
			DocType: "村规民约", DocTitle: "青山村村规民约", Township: "东湖镇", Date: "2025-03-18", Rule: "vr-fine", Problem: "村规民约不得设定罚款",
			Verdict: precedent.Unlawful, Conclusion: "修改后合法", Source: precedent.SourceReview, ReviewID: 1, FindingID: 1, OfficeID: 1, TownshipID: 1, DocumentID: 1},
		{ID: "review-1-2", Clause: "在村务公开栏公开曝光", DocType: "村规民约", DocTitle: "青山村村规民约", Township: "东湖镇", Date: "2025-03-18",
			Rule: "vr-shaming", Problem: "公开曝光侵害名誉权", Verdict: precedent.Unlawful, Conclusion: "修改后合法", Source: precedent.SourceReview, ReviewID: 1, FindingID: 2},
		{ID: "review-2-5", Clause: "损坏公共设施的，照价赔偿", DocType: "村规民约", Township: "西山街道", Date: "2025-05-02", Rule: "vr-fine",
			Problem: "疑似经济处罚", Reason: "照价赔偿是民事责任", Verdict: precedent.Lawful, Conclusion: "合法", Source: precedent.SourceReview, ReviewID: 2, FindingID: 5},
		{ID: "review-3-9", Clause: "外嫁女及其子女不再享受本村集体经济组织收益分配", DocType: "村规民约", Township: "南河镇", Date: "2024-11-20",
			Rule: "vr-married-out-women", Problem: "侵害妇女合法权益", Verdict: precedent.Unlawful, Conclusion: "不合法", Source: precedent.SourceReview, ReviewID: 3, FindingID: 9},
		{ID: "import-case-7", Clause: "本办法由县人民政府负责解释，对违反者处以罚款", DocType: "规范性文件", Date: "2024-06-12", Rule: "nd-penalty",
			Problem: "规范性文件不得设定行政处罚", Verdict: precedent.Unlawful, Publisher: "某省司法厅", Source: precedent.SourceImport},
	}
}

func openFixture(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "prec"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(fixture()...); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Precedent.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		q     Query
		want  []string // in order when ordered, else as a set
		order bool
	}{
		{"words", Query{Text: "罚款"}, []string{"review-1-1", "import-case-7"}, false},
		{"filter verdict", Query{Text: "罚款", Verdict: precedent.Unlawful, Source: precedent.SourceImport}, []string{"import-case-7"}, true},
		{"filter township", Query{Text: "曝光", Township: "东湖镇"}, []string{"review-1-2", "review-1-1"}, false},
		{"filter rule no text newest first", Query{Rule: "vr-fine"}, []string{"review-2-5", "review-1-1"}, true},
		{"date range", Query{From: "2025-01-01", To: "2025-03-18"}, []string{"review-1-1", "review-1-2"}, false},
		{"doc type", Query{DocType: "规范性文件"}, []string{"import-case-7"}, true},
		{"conclusion", Query{Conclusion: "不合法"}, []string{"review-3-9"}, true},
		{"problem wording", Query{Text: "名誉权"}, []string{"review-1-2"}, true},
		{"nothing", Query{Text: "宅基地"}, nil, true},
		// Every filter holds at once, not only the last one given.
		{"two filters", Query{Rule: "vr-fine", Verdict: precedent.Lawful}, []string{"review-2-5"}, true},
		{"filters and dates", Query{Source: precedent.SourceReview, From: "2025-01-01"}, []string{"review-1-1", "review-1-2", "review-2-5"}, false},
		{"filters that exclude each other", Query{DocType: "规范性文件", Township: "东湖镇"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res.Hits)
			if !tt.order {
				sort.Strings(got)
				sort.Strings(tt.want)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("hits %v, want %v", got, tt.want)
			}
			if int(res.Total) != len(tt.want) {
				t.Errorf("total %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSearchHighlightsFacetsPages(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, Query{Text: "罚款 <script>", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	var marked bool
	for _, h := range res.Hits {
		for _, fr := range h.Fragments[fClause] {
			if strings.Contains(fr, "<mark>罚款</mark>") {
				marked = true
			}
			if strings.Contains(fr, "<script>") {
				t.Errorf("fragment not escaped: %s", fr)
			}
		}
	}
	if !marked {
		t.Errorf("no highlighted clause in %+v", res.Hits)
	}
	facet := func(name string) map[string]int {
		m := map[string]int{}
		for _, ft := range res.Facets[name] {
			m[ft.Value] = ft.Count
		}
		return m
	}
	if v := facet(fVerdict); v[precedent.Unlawful] != 2 || len(v) != 1 {
		t.Errorf("verdict facet %v", v)
	}
	if d := facet(fDocType); d["村规民约"] != 1 || d["规范性文件"] != 1 {
		t.Errorf("doc type facet %v", d)
	}

	// Pages: two of five, then the rest; no hit twice.
	seen := map[string]bool{}
	for off := 0; off < 6; off += 2 {
		page, err := ix.Search(ctx, Query{Offset: off, Size: 2})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 5 {
			t.Fatalf("total %d", page.Total)
		}
		for _, h := range page.Hits {
			if seen[h.Precedent.ID] {
				t.Errorf("%s on two pages", h.Precedent.ID)
			}
			seen[h.Precedent.ID] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("pages covered %d of 5", len(seen))
	}

	for _, q := range []Query{{From: "2025/01/01"}, {From: "2025-05-01", To: "2025-01-01"}, {Text: strings.Repeat("长", 3000)}} {
		if _, err := ix.Search(ctx, q); !isInput(err) {
			t.Errorf("%+v: want an input error, got %v", q, err)
		}
	}
}

func isInput(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

func TestStoredRecordKeepsLinks(t *testing.T) {
	ix := openFixture(t)
	p, err := ix.Get(context.Background(), "review-1-1")
	if err != nil || p == nil {
		t.Fatalf("Get: %v %v", p, err)
	}
	want := fixture()[0]
	if p.ReviewID != 1 || p.OfficeID != 1 || p.DocumentID != 1 || p.Source != precedent.SourceReview || p.Sentence != want.Sentence || p.Conclusion != want.Conclusion {
		t.Errorf("stored record lost fields: %+v", p)
	}
	if p, _ := ix.Get(context.Background(), "nope"); p != nil {
		t.Errorf("Get of a missing id = %+v", p)
	}
}

func TestSetReviewAndRebuild(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	// The review is signed again: one precedent changed verdict, one is gone.
	changed := fixture()[0]
	changed.Verdict, changed.Conclusion = precedent.Lawful, "合法"
	if err := ix.SetReview(ctx, 1, []precedent.Precedent{changed}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 4 {
		t.Errorf("count after SetReview = %d, want 4", n)
	}
	res, _ := ix.Search(ctx, Query{Text: "曝光"})
	if got := ids(res.Hits); len(got) != 1 || got[0] != "review-1-1" {
		t.Errorf("after SetReview: %v", got)
	}
	if res.Hits[0].Precedent.Verdict != precedent.Lawful {
		t.Error("SetReview did not replace the record")
	}

	// Rebuild from a source of two records; the index survives reopening.
	src := func(ctx context.Context, fn func(p *precedent.Precedent) error) error {
		for _, p := range fixture()[3:] {
			if err := fn(&p); err != nil {
				return err
			}
		}
		return nil
	}
	n, err := ix.Rebuild(ctx, src, "7/2")
	if err != nil || n != 2 {
		t.Fatalf("Rebuild = %d, %v", n, err)
	}
	if ix.Stamp() != "7/2" {
		t.Errorf("stamp %q", ix.Stamp())
	}
	if rebuilt, err := ix.Sync(ctx, src, "7/2", 2); err != nil || rebuilt {
		t.Errorf("Sync of an index in step = %v, %v", rebuilt, err)
	}
	if rebuilt, err := ix.Sync(ctx, src, "8/2", 2); err != nil || !rebuilt {
		t.Errorf("Sync of an index behind = %v, %v", rebuilt, err)
	}
	root := ix.root
	ix.Close()
	again, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if c, _ := again.Count(); c != 2 || again.Stamp() != "8/2" {
		t.Errorf("reopened: count %d stamp %q", c, again.Stamp())
	}
	dirs, _ := filepath.Glob(filepath.Join(root, dirPrefix+"*"))
	if len(dirs) != 1 {
		t.Errorf("old index directories left: %v", dirs)
	}
	if _, err := Open(root); !errors.Is(err, ErrBusy) {
		t.Errorf("second open while in use: %v, want ErrBusy", err)
	}
}

func TestMoreLikeThisAndSimilar(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	hits, err := ix.MoreLikeThis(ctx, "外嫁女子女不再享受村集体收益分配", 3, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Precedent.ID != "review-3-9" {
		t.Errorf("MoreLikeThis: %v", ids(hits))
	}
	if hits, _ := ix.MoreLikeThis(ctx, "外嫁女及其子女不再享受本村集体经济组织收益分配", 3, "review-3-9"); len(hits) > 0 && hits[0].Precedent.ID == "review-3-9" {
		t.Error("exclude ignored")
	}

	shown, lawful, err := ix.Similar(ctx, "损坏公共设施的，应当照价赔偿", "vr-fine", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) == 0 || shown[0].ID != "review-2-5" {
		t.Errorf("Similar shown: %+v", shown)
	}
	if lawful == nil || lawful.ID != "review-2-5" {
		t.Errorf("likely lawful = %+v, want review-2-5", lawful)
	}
	if _, lawful, _ := ix.Similar(ctx, "损坏公共设施的，应当照价赔偿", "vr-fine", true); lawful != nil {
		t.Errorf("a grave rule's finding marked likely lawful: %+v", lawful)
	}
	_, lawful, _ = ix.Similar(ctx, "对偷盗集体财物的，由村委会处以800元罚款", "vr-fine", false)
	if lawful != nil {
		t.Errorf("an unlawful match marked likely lawful: %+v", lawful)
	}
}

// A Scope hides what anonymisation hides, from matching, filters and
// facets alike (issue 14, defect 5): a reader of 西山街道 finds 东湖镇's
// precedents by their clause and problem, not by their title, sentence or
// township, and does not count them per township; published (imported)
// precedents stay whole.
func TestScope(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	own := &Scope{Townships: []string{"东湖镇"}}
	other := &Scope{Townships: []string{"西山街道"}}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"title word, own township", Query{Text: "青山村", Scope: own}, []string{"review-1-1", "review-1-2"}},
		{"title word, other township", Query{Text: "青山村", Scope: other}, nil},
		{"sentence word, own", Query{Text: "曝光", Scope: own}, []string{"review-1-1", "review-1-2"}},
		{"sentence word, other: only where the clause has it", Query{Text: "曝光", Scope: other}, []string{"review-1-2"}},
		{"clause word, other", Query{Text: "罚款", Scope: other}, []string{"review-1-1", "import-case-7"}},
		{"problem word, other", Query{Text: "名誉权", Scope: other}, []string{"review-1-2"}},
		{"township filter, own", Query{Township: "东湖镇", Scope: own}, []string{"review-1-1", "review-1-2"}},
		{"township filter, other", Query{Township: "东湖镇", Scope: other}, nil},
		{"no scope", Query{Text: "青山村"}, []string{"review-1-1", "review-1-2"}},
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := ids(res.Hits)
		sort.Strings(got)
		want := append([]string(nil), tt.want...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") || int(res.Total) != len(want) {
			t.Errorf("%s: %v (total %d), want %v", tt.name, got, res.Total, want)
		}
	}
	res, err := ix.Search(ctx, Query{Facets: true, Scope: other})
	if err != nil {
		t.Fatal(err)
	}
	for _, ft := range res.Facets["township"] {
		if ft.Value != "西山街道" {
			t.Errorf("township facet counts %s for a reader of 西山街道", ft.Value)
		}
	}
	if res.Total != uint64(len(fixture())) {
		t.Errorf("listing without text: %d hits, want every precedent", res.Total)
	}
	// More like this: a hidden sentence is no similarity.
	hits, err := ix.MoreLikeThisIn(ctx, "并在村务公开栏公开曝光。一、对偷盗集体财物的", 5, "", other)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Precedent.ID == "review-1-1" && !strings.Contains(h.Precedent.Clause, "偷盗") {
			t.Errorf("review-1-1 found by its hidden sentence")
		}
	}
	if got := publicTerms([]string{"罚款", "13800138000", "身份证号110101199001011234", "500元"}); strings.Join(got, ",") != "罚款,500元" {
		t.Errorf("publicTerms kept %v", got)
	}
}
