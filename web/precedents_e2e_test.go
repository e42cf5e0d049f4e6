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

// TestBrowserLearningLoop drives issue 11's learning in Chromium: a
// finding the reviewer added and signed shows on the next draft of another
// township as a finding from the office's precedent, with its closeness
// and a link to it; a case of the public bank shows with its publisher;
// dismissing a grave finding offers no "作为合法先例", dismissing the levy
// with it checked keeps the wording as a lawful precedent. Screenshots go
// to e2e-output/.
func TestBrowserLearningLoop(t *testing.T) {
	e := newBankEnv(t)
	ctx := browser(t)
	clerk, clerk2, rev := e.login("clerk"), e.login("clerk2"), e.login("reviewer")
	e.learnGuestClause(clerk, rev)
	learnt := e.uploadText(clerk2, "红旗社区居民公约", "居民公约", guestDraft2)
	listing := e.uploadText(clerk, "关于促进保温产业发展的若干措施", "规范性文件", listingDraft)
	levy := e.uploadPrecedentDraft(clerk)

	loginAs(t, ctx, e.ts.URL, "reviewer", e.pw["reviewer"])
	step(t, ctx, "learnt review", chromedp.Navigate(fmt.Sprintf("%s/reviews/%d", e.ts.URL, learnt.ReviewID)))
	waitFor(t, ctx, "finding from the office's precedent", `document.querySelector('[data-from-precedent]')`)
	if txt := eval[string](t, ctx, `document.querySelector('[data-from-precedent]').closest('.finding').textContent`); !strings.Contains(txt, "本所先例") ||
		!strings.Contains(txt, "相似度") || !strings.Contains(txt, guestClause) || !strings.Contains(txt, "住宅和人身自由") {
		t.Errorf("the finding from the precedent reads: %s", txt)
	}
	shot(t, ctx, "learning-from-precedent", true)
	step(t, ctx, "open the precedent", chromedp.Click(chromedp.CSS(`[data-from-precedent] a[href^="/precedents/item/"]`)))
	waitFor(t, ctx, "precedent page", `location.pathname.startsWith('/precedents/item/') && document.querySelector('#precedent')`)
	if txt := eval[string](t, ctx, `document.querySelector('#precedent').textContent`); !strings.Contains(txt, guestClause) || !strings.Contains(txt, "违法") {
		t.Errorf("the precedent page reads: %s", txt)
	}

	step(t, ctx, "bank review", chromedp.Navigate(fmt.Sprintf("%s/reviews/%d", e.ts.URL, listing.ReviewID)))
	waitFor(t, ctx, "finding from a published case", `document.querySelector('[data-from-precedent]')`)
	if txt := eval[string](t, ctx, `document.querySelector('[data-from-precedent]').textContent`); !strings.Contains(txt, "已公布案例") ||
		!strings.Contains(txt, "国家市场监督管理总局2023年公布的案例中，同类条款被认定违反《公平竞争审查条例》") || !strings.Contains(txt, "公布原文") {
		t.Errorf("the published case reads: %s", txt)
	}
	shot(t, ctx, "learning-from-bank", true)

	// The levy draft: 公开曝光 is grave, the levy is not.
	r := e.review(rev, levy.ReviewID)
	shaming, fee := "", ""
	for _, f := range r.Findings {
		switch f.Rule {
		case "vr-public-shaming":
			shaming = fmt.Sprint(f.ID)
		case "vr-fees":
			fee = fmt.Sprint(f.ID)
		}
	}
	if shaming == "" || fee == "" {
		t.Fatalf("levy draft findings: %+v", r.Findings)
	}
	step(t, ctx, "levy review", chromedp.Navigate(fmt.Sprintf("%s/reviews/%d", e.ts.URL, levy.ReviewID)))
	waitFor(t, ctx, "findings", `document.querySelector('#f`+shaming+`') && document.querySelector('#f`+fee+`')`)
	step(t, ctx, "dismiss grave", chromedp.Click(chromedp.CSS("#f"+shaming+" summary[data-act=dismiss]")),
		chromedp.WaitVisible(chromedp.CSS("#f"+shaming+" textarea[name=reason]")))
	if eval[bool](t, ctx, `!!document.querySelector('#f`+shaming+` [data-lawful-precedent]') || !document.querySelector('#f`+shaming+` [data-grave]')`) {
		t.Error("a grave finding's dismissal offers 作为合法先例")
	}
	shot(t, ctx, "learning-grave-dismiss", false)
	step(t, ctx, "dismiss levy as lawful",
		chromedp.Click(chromedp.CSS("#f"+fee+" summary[data-act=dismiss]")),
		chromedp.WaitVisible(chromedp.CSS("#f"+fee+" textarea[name=reason]")),
		chromedp.SendKeys(chromedp.CSS("#f"+fee+" textarea[name=reason]"), levyReason),
		chromedp.Click(chromedp.CSS("#f"+fee+" [data-lawful-precedent]")),
		chromedp.Click(chromedp.CSS("#f"+fee+" button[data-act=dismiss-confirm]")),
	)
	waitFor(t, ctx, "dismissed as lawful", `document.querySelector('#f`+fee+` .state-dismissed') && document.querySelector('#f`+fee+`').textContent.includes('作为合法先例')`)
	for _, f := range e.review(rev, levy.ReviewID).Findings {
		if fmt.Sprint(f.ID) == fee && (!f.LawfulPrecedent || f.Reason != levyReason) {
			t.Errorf("the levy's dismissal is stored as %+v", f)
		}
	}
}
