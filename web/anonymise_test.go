package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Issue 14, defect 5: anonymised precedents leaked. The export gave an
// administrator, or a reviewer of another office, the township, title,
// sentence and reason; a clerk of another office could filter anonymised
// hits by township=, read township facet counts, and find them by words
// only their hidden title or sentence holds. Anonymisation now applies to
// the export, filters, facets and matching alike.
func TestAnonymisedPrecedentsDoNotLeak(t *testing.T) {
	e := newPrecEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	var up UploadResult
	if st := clerk.upload("/api/v1/documents", "村规民约.txt", []byte(precedentDraft), map[string]string{"title": "青龙湾村规民约草案", "type": "村规民约"}, &up); st != http.StatusCreated {
		t.Fatalf("upload: %d", st)
	}
	// The levy's dismissal is kept as a lawful precedent, so its reason
	// is part of the precedent (a plain dismissal records none).
	const reason = "管护费经村民会议一事一议决定并报镇政府备案"
	r := e.review(rev, up.ReviewID)
	for _, f := range r.Findings {
		body := map[string]any{"action": "accept"}
		if f.Rule == "vr-fees" {
			body = map[string]any{"action": "dismiss", "reason": reason, "lawful_precedent": true}
		}
		if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", up.ReviewID, f.ID), body, nil); st != http.StatusOK {
			t.Fatalf("decide %s: %d", f.Rule, st)
		}
	}
	r = e.review(rev, up.ReviewID)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请修改。"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	// A word of the fine's sentence that its clause does not hold.
	var fine PrecedentHitJSON
	var all PrecedentSearchJSON
	rev.do("GET", "/api/v1/precedents?tab=precedents&q="+urlq("罚款"), nil, &all)
	for _, h := range all.Hits {
		if h.Rule == "vr-fine" {
			fine = h
		}
	}
	sentenceOnly := "偷盗"
	if fine.ID == "" || !strings.Contains(fine.Sentence, sentenceOnly) || strings.Contains(fine.Clause, sentenceOnly) {
		t.Fatalf("the fine's precedent: clause %q, sentence %q", fine.Clause, fine.Sentence)
	}

	search := func(c *client, query string) PrecedentSearchJSON {
		t.Helper()
		var res PrecedentSearchJSON
		if st := c.do("GET", "/api/v1/precedents?tab=precedents&"+query, nil, &res); st != http.StatusOK {
			t.Fatalf("search %s as %s: %d", query, c.name, st)
		}
		return res
	}
	other := e.login("clerk3") // 南河镇, another office
	for _, c := range []struct {
		query      string
		own, other bool // found by the township's clerk, by the other clerk
	}{
		{"q=" + urlq("青龙湾"), true, false},        // only the title holds it
		{"q=" + urlq(sentenceOnly), true, false}, // only the sentence holds it
		{"township=" + urlq("东湖镇"), true, false},
		{"q=" + urlq("罚款"), true, true}, // the clause is shown to all
	} {
		if got := search(clerk, c.query).Total > 0; got != c.own {
			t.Errorf("%s as the township's clerk: found %v, want %v", c.query, got, c.own)
		}
		if res := search(other, c.query); res.Total > 0 != c.other {
			t.Errorf("%s as another office's clerk: found %v, want %v: %+v", c.query, res.Total > 0, c.other, res.Hits)
		}
	}
	for _, ft := range search(other, "q=").Facets["township"] {
		if ft.Value == "东湖镇" {
			t.Errorf("another office's clerk reads the township facet: %+v", ft)
		}
	}
	found := false
	for _, ft := range search(clerk, "q=").Facets["township"] {
		found = found || ft.Value == "东湖镇" && ft.Count > 0
	}
	if !found {
		t.Error("the township's own clerk lost the township facet")
	}

	export := func(c *client) string {
		t.Helper()
		var b []byte
		if st := c.do("GET", "/api/v1/admin/precedents/export", nil, &b); st != http.StatusOK {
			t.Fatalf("export as %s: %d", c.name, st)
		}
		return string(b)
	}
	for _, who := range []string{"admin", "reviewer2"} {
		out := export(e.login(who))
		if !strings.Contains(out, "罚款") {
			t.Errorf("%s's export lacks the precedents themselves", who)
		}
		for _, hidden := range []string{"青龙湾", "东湖镇", sentenceOnly, reason} {
			if strings.Contains(out, hidden) {
				t.Errorf("%s's export holds %q", who, hidden)
			}
		}
	}
	if out := export(rev); !strings.Contains(out, "青龙湾") || !strings.Contains(out, reason) {
		t.Error("the signing office's export is anonymised too")
	}
}
