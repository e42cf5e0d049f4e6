package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPrecedentSearch drives the search page in Chromium: a signed
// review's clauses are found with highlights, the verdict filter and the
// facets narrow the hits, "more like this" works, other users see the
// clause anonymised, and the next review shows the precedents and the
// likely-lawful mark. Screenshots go to e2e-output/.
func TestBrowserPrecedentSearch(t *testing.T) {
	e := newPrecEnv(t)
	ctx := browser(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadPrecedentDraft(clerk)
	e.decideAndSign(rev, up.ReviewID, []string{"vr-fine", "vr-petition"}, []string{"vr-public-shaming"}, []string{"vr-fees"}, "不合法")
	var up2 UploadResult
	if st := clerk.upload("/api/v1/documents", "白石村.txt", []byte(secondDraft), map[string]string{"title": "白石村村规民约"}, &up2); st != http.StatusCreated {
		t.Fatalf("upload 2: %d", st)
	}

	loginAs(t, ctx, e.ts.URL, "reviewer", e.pw["reviewer"])
	step(t, ctx, "open search",
		chromedp.Navigate(e.ts.URL+"/precedents"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "管护费 罚款"),
		chromedp.Click(chromedp.CSS("#psearch-submit")),
	)
	waitFor(t, ctx, "precedent hits", `location.search.includes('q=') && document.querySelectorAll('#precedent-results .precedent-hit').length >= 2`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#precedent-results mark').length`); n == 0 {
		t.Error("no highlighted words in the precedent hits")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#law-results .law-hit').length`); n == 0 {
		t.Error("the all tab shows no law articles")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#facets a[data-facet="verdict"]').length`); n != 2 {
		t.Errorf("verdict facet has %d values, want 2", n)
	}
	shot(t, ctx, "precedents-search", true)

	// Filter by verdict through the form.
	step(t, ctx, "filter lawful",
		chromedp.SetValue(chromedp.CSS("#f-verdict"), "合法"),
		chromedp.Click(chromedp.CSS("#pfilters-submit")),
	)
	waitFor(t, ctx, "filtered", `location.search.includes('verdict=') && document.querySelector('#precedent-results')`)
	verdicts := eval[[]string](t, ctx, `[...document.querySelectorAll('#precedent-results .precedent-hit .verdict')].map(e => e.textContent)`)
	if len(verdicts) != 1 || verdicts[0] != "合法" {
		t.Errorf("after the verdict filter: %v", verdicts)
	}
	if txt := eval[string](t, ctx, `document.querySelector('#precedent-results').textContent`); !strings.Contains(txt, "管护费") || !strings.Contains(txt, "不采纳理由") {
		t.Errorf("lawful hit lacks clause or reason: %s", txt)
	}
	shot(t, ctx, "precedents-filtered", true)

	// A facet link narrows by township; the precedents tab pages alone.
	step(t, ctx, "precedents tab", chromedp.Navigate(e.ts.URL+"/precedents?tab=precedents&q="+url.QueryEscape("罚款")))
	waitFor(t, ctx, "tab", `location.search.includes('tab=precedents') && document.querySelector('#tab-precedents.active') && !document.querySelector('#law-results')`)
	step(t, ctx, "facet township", chromedp.Click(chromedp.CSS(`#facets a[data-facet="township"]`)))
	waitFor(t, ctx, "township facet", `location.search.includes('township=') && document.querySelector('#facets a.on')`)

	// More like this clause.
	step(t, ctx, "more like this", chromedp.Click(chromedp.CSS(`#precedent-results [data-more-like]`)))
	waitFor(t, ctx, "like page", `location.search.includes('like=') && document.querySelector('#precedent-results')`)

	// The next review shows the precedents and marks the dismissed wording.
	step(t, ctx, "second review", chromedp.Navigate(fmt.Sprintf("%s/reviews/%d", e.ts.URL, up2.ReviewID)))
	waitFor(t, ctx, "precedents on review", `document.querySelector('.prec-list') && document.querySelector('[data-likely-lawful]')`)
	shot(t, ctx, "review-precedents", true)

	// A clerk of another office sees the clause without its source.
	logout(t, ctx)
	loginAs(t, ctx, e.ts.URL, "clerk3", e.pw["clerk3"])
	step(t, ctx, "anonymous search", chromedp.Navigate(e.ts.URL+"/precedents?tab=precedents&q="+url.QueryEscape("罚款")))
	waitFor(t, ctx, "anonymous hits", `document.querySelector('#precedent-results .precedent-hit')`)
	txt := eval[string](t, ctx, `document.querySelector('#precedent-results').textContent`)
	if !strings.Contains(txt, "已隐去来源") || strings.Contains(txt, "东湖镇") || strings.Contains(txt, "查看原审查") {
		t.Errorf("anonymised view leaks the source: %s", txt)
	}
}
