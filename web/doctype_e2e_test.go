package web

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDocumentType drives the document type in Chromium: the clerk
// chooses a draft whose type cannot be determined, is shown so (and the
// type its wording points to) before anything is stored, and confirms
// another type; a form that arrives unconfirmed is confirmed on a page of
// its own; the reviewer accepts a finding, changes the type, and the
// findings change: the accepted one is kept with its decision, the page
// says how many no longer apply, new ones are open.
func TestBrowserDocumentType(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	base := e.ts.URL
	draft := filepath.Join(t.TempDir(), "情况说明.docx")
	if err := os.WriteFile(draft, docx(t, strings.Split(strings.TrimSpace(uncertainDraft), "\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	meeting := e.srv.today().AddDate(0, 0, 5).Format("2006-01-02")

	loginAs(t, ctx, base, "clerk", e.pw["clerk"])
	step(t, ctx, "choose the draft",
		chromedp.Navigate(base+"/documents/new"),
		chromedp.WaitVisible(chromedp.CSS("#upload-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{draft}),
	)
	waitFor(t, ctx, "type detected", `document.querySelector('#type_confirmed').value === '1'`)
	hint := eval[string](t, ctx, `document.querySelector('#type-hint').textContent`)
	for _, want := range []string{"文件类型未能确定，按“其他”提交将按全部规则检查", "最接近村规民约", "系统识别为：其他"} {
		if !strings.Contains(hint, want) {
			t.Errorf("the form shows %q, without %q", hint, want)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector('#type').value`); got != "其他" {
		t.Errorf("the type list shows %q, want the detected 其他", got)
	}
	if n, _ := e.store.Counts(t.Context()); n["documents"] != 0 {
		t.Fatal("a document was stored before the clerk confirmed its type")
	}
	shot(t, ctx, "type-01-detected", false)
	step(t, ctx, "confirm another type",
		chromedp.SetValue(chromedp.CSS("#type"), "规范性文件"),
		chromedp.SetValue(chromedp.CSS("#meeting_date"), meeting),
		chromedp.Click(chromedp.CSS("#upload-submit")),
	)
	waitFor(t, ctx, "uploaded", `document.querySelector('.flash')`)
	if got := eval[string](t, ctx, `document.querySelector('.flash').textContent`); !strings.Contains(got, "文件类型：规范性文件") {
		t.Errorf("after the upload: %q", got)
	}
	docURL := eval[string](t, ctx, `location.pathname`)

	// A form that reaches the server without the detection shown (the
	// script did not run) is not stored: the clerk confirms on a page.
	step(t, ctx, "choose again",
		chromedp.Navigate(base+"/documents/new"),
		chromedp.WaitVisible(chromedp.CSS("#upload-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{draft}),
	)
	waitFor(t, ctx, "type detected", `document.querySelector('#type_confirmed').value === '1'`)
	eval[bool](t, ctx, `(document.querySelector('#type_confirmed').value = '', true)`)
	step(t, ctx, "submit unconfirmed",
		chromedp.SetValue(chromedp.CSS("#type"), "合同"),
		chromedp.SetValue(chromedp.CSS("#meeting_date"), meeting),
		chromedp.Click(chromedp.CSS("#upload-submit")),
	)
	waitFor(t, ctx, "confirmation page", `document.querySelector('#confirm-form')`)
	if n, _ := e.store.Counts(t.Context()); n["documents"] != 1 {
		t.Errorf("%d documents stored before the confirmation, want 1", n["documents"])
	}
	confirm := eval[string](t, ctx, `document.querySelector('#detected').innerText`)
	for _, want := range []string{"系统识别的类型：其他", "文件类型未能确定，按“其他”提交将按全部规则检查", "最接近村规民约", "您选择的类型是合同"} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation page says %q, without %q", confirm, want)
		}
	}
	if got := eval[string](t, ctx, `document.querySelector('#type').value`); got != "合同" {
		t.Errorf("the confirmation page preselects %q, want the clerk's 合同", got)
	}
	shot(t, ctx, "type-01b-confirm", false)
	step(t, ctx, "confirm",
		chromedp.SetValue(chromedp.CSS("#type"), "村规民约"),
		chromedp.Click(chromedp.CSS("#confirm-submit")),
	)
	waitFor(t, ctx, "confirmed", `document.querySelector('.flash')`)
	if got := eval[string](t, ctx, `document.querySelector('.flash').textContent`); !strings.Contains(got, "文件类型：村规民约") {
		t.Errorf("after the confirmation: %q", got)
	}
	logout(t, ctx)

	loginAs(t, ctx, base, "reviewer", e.pw["reviewer"])
	step(t, ctx, "open the review", chromedp.Navigate(base+docURL), chromedp.WaitVisible(chromedp.CSS(`a[href^="/reviews/"]`)))
	step(t, ctx, "review page", chromedp.Click(chromedp.CSS(`a[href^="/reviews/"]`)))
	waitFor(t, ctx, "review page", `document.querySelector('#type-form')`)
	if got := eval[string](t, ctx, `document.querySelector('#review-type').innerText`); !strings.Contains(got, "按规范性文件审查") || !strings.Contains(got, "上传时系统识别为其他") {
		t.Errorf("type card: %q", got)
	}
	// The designated supplier is found as a normative document and as the
	// village's rules: the reviewer accepts it.
	findings := `Array.from(document.querySelectorAll('.finding'))`
	supplier := eval[string](t, ctx, findings+`.find(c => c.querySelector('.quote') && c.querySelector('.quote').textContent.includes('指定的建材市场')).dataset.fid`)
	step(t, ctx, "accept", chromedp.Click(chromedp.CSS("#f"+supplier+" button[data-act=accept]")))
	waitFor(t, ctx, "accepted", `document.querySelector('#f`+supplier+` .state-accepted')`)
	before := eval[[]string](t, ctx, findings+`.map(c => c.dataset.fid)`)
	shot(t, ctx, "type-02-review", false)

	step(t, ctx, "change the type",
		chromedp.SetValue(chromedp.CSS("#type-select"), "村规民约"),
		chromedp.Click(chromedp.CSS("#type-submit")),
	)
	waitFor(t, ctx, "type changed", `document.querySelector('#type-change')`)
	if got := eval[string](t, ctx, `document.querySelector('#review-type-name').textContent`); got != "村规民约" {
		t.Errorf("the review is of type %q after the change", got)
	}
	change := eval[string](t, ctx, `document.querySelector('#type-change').innerText`)
	if !strings.Contains(change, "3 条意见因类型变更不再适用") || !strings.Contains(change, "其中 1 条保留了处理决定") {
		t.Errorf("the page says %q", change)
	}
	if !strings.Contains(eval[string](t, ctx, `document.querySelector('.flash').textContent`), "条意见因类型变更不再适用") {
		t.Error("no message after the change")
	}
	// The accepted finding is still there, still accepted.
	if !eval[bool](t, ctx, `!!document.querySelector('#f`+supplier+` .state-accepted')`) {
		t.Error("the decision on the designated supplier was not kept")
	}
	after := eval[[]string](t, ctx, findings+`.map(c => c.dataset.fid)`)
	var gone, added int
	for _, id := range before {
		if !slices.Contains(after, id) {
			gone++
		}
	}
	for _, id := range after {
		if !slices.Contains(before, id) {
			added++
			if !eval[bool](t, ctx, `!!document.querySelector('#f`+id+`.state-open')`) {
				t.Errorf("new finding %s is not open", id)
			}
		}
	}
	if gone != 3 || added != 1 {
		t.Errorf("the findings changed by %d gone and %d new, want 3 and 1", gone, added)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#type-change .dropped-finding').length`); n != 3 {
		t.Errorf("%d dropped findings listed, want 3", n)
	}
	eval[bool](t, ctx, `(document.querySelector('#type-change details').open = true, document.querySelector('#type-change').scrollIntoView(), true)`)
	shot(t, ctx, "type-03-changed", false)
}
