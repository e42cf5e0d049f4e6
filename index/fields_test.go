package index

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"lawreview/review"
)

// searchAndRelated is what qs and rs answer on ix, scores included.
func searchAndRelated(t *testing.T, ix *Index, qs []Query, rs []review.RelatedQuery) []string {
	t.Helper()
	var out []string
	for _, q := range qs {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q.Text, err)
		}
		out = append(out, fmt.Sprintf("%s: %d %+v", q.Text, res.Total, res.Hits))
	}
	for _, q := range rs {
		got, err := ix.Related(q, 5)
		if err != nil {
			t.Fatalf("%s: %v", q.Clause, err)
		}
		out = append(out, fmt.Sprintf("%s: %+v", q.Clause, got))
	}
	return out
}

// TestFieldsByNumSameAnswers: reading the candidates' stored fields by
// document number answers as the document-id search did.
func TestFieldsByNumSameAnswers(t *testing.T) {
	ix := defaultIndex(t)
	var qs []Query
	for _, s := range []string{"罚款", "村民委员会 罚款", "没收违法所得", "禁止外嫁女参与集体收益分配", "承包地 收回"} {
		qs = append(qs, Query{Text: s, Size: 20}, Query{Text: s, Province: "浙江", Size: 20, From: 5})
	}
	defer func() { fieldsByNum = true }()
	fieldsByNum = false
	before := searchAndRelated(t, ix, qs, nil)
	fieldsByNum = true
	after := searchAndRelated(t, ix, qs, nil)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("fields by number changed the answers:\n%q\n%q", before, after)
	}
	// and the hits are not empty: the comparison compared texts
	if len(before) == 0 || !strings.Contains(before[0], "罚款") {
		t.Errorf("no text compared: %q", before)
	}
	// and the fields were read by number, not by the fallback
	res, err := ix.Search(context.Background(), Query{Text: "罚款", Size: 5})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	var cands []candidate
	for _, h := range res.Hits {
		num, ok, err := ix.docNum(h.ID)
		if !ok || err != nil {
			t.Fatalf("%s: document number %v, %v", h.ID, ok, err)
		}
		cands = append(cands, candidate{id: h.ID, num: num})
	}
	ok, err := ix.loadFieldsByNum(cands)
	if !ok || err != nil {
		t.Fatalf("fields by number: %v, %v", ok, err)
	}
	for i, h := range res.Hits {
		if cands[i].text != h.Text {
			t.Errorf("%s: text %q, the search's %q", h.ID, cands[i].text, h.Text)
		}
	}
	// a number that is not the candidate's article falls back
	cands[0].num, cands[1].num = cands[1].num, cands[0].num
	if ok, _ := ix.loadFieldsByNum(cands); ok {
		t.Error("fields by number took another article's fields")
	}
}
