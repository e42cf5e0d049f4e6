package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lawreview/review/opinion"
)

// e2eOutput is where the browser test saves screenshots (gitignored).
const e2eOutput = "e2e-output"

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browser is one headless Chromium on a fresh profile at 1366x768, the
// screen of a typical township office PC.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("chromium not installed (/usr/bin/chromium); CI installs it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// Start the browser on a context without a deadline (it would kill it).
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// step runs browser actions with a deadline and fails the test with the
// step's name.
func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		shot(t, ctx, "failed-"+strings.ReplaceAll(name, " ", "-"), false)
		t.Fatalf("%s: %v", name, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition across page loads (a form submit
// replaces the page under a running poll, which chromedp reports as an
// error, so each attempt is a fresh evaluation).
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && !!(`+cond+`)`))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	shot(t, ctx, "failed-"+strings.ReplaceAll(what, " ", "-"), false)
	t.Fatalf("%s: timed out waiting for %s", what, cond)
}

func shot(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	if err := os.MkdirAll(e2eOutput, 0o755); err != nil {
		t.Fatal(err)
	}
	a := chromedp.CaptureScreenshot()
	if full {
		a = chromedp.FullScreenshot(100)
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	b, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(e2eOutput, name+".png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func loginAs(t *testing.T, ctx context.Context, base, user, pw string) {
	t.Helper()
	step(t, ctx, "login "+user,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), pw),
		chromedp.Click(chromedp.CSS("#login-submit")),
	)
	waitFor(t, ctx, "logged in as "+user, `document.querySelector('.who-name')`)
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	step(t, ctx, "logout", chromedp.Click(chromedp.CSS(".who form button")))
	waitFor(t, ctx, "logged out", `document.querySelector('#username')`)
}

const buildingNotice = `西山街道办事处关于加强农村村民建房管理的通知（征求意见稿）

一、村民建房应当符合乡村规划，一户只能拥有一处宅基地。

二、村民申请建房，须向街道办事处缴纳建房押金5000元，竣工验收合格后退还。

三、未经批准擅自建房的，由街道综合执法队处以每平方米200元罚款，并可以扣押施工工具。

四、建房施工材料须从街道指定的建材市场购买。

五、本通知自发布之日起施行。
`

// checkDownloads fetches every download button's link with the browser's
// cookies and checks that each file is what it claims: a Word package
// with word/document.xml, or a PDF. Without a PDF renderer the PDF button
// must be disabled with the note instead.
func checkDownloads(t *testing.T, ctx context.Context, who string) {
	t.Helper()
	got := eval[map[string]string](t, ctx, `(async () => {
		const out = {};
		for (const a of document.querySelectorAll('#downloads a.btn')) {
			const r = await fetch(a.getAttribute('href'));
			const b = await r.blob();
			const url = await new Promise(ok => { const f = new FileReader(); f.onload = () => ok(f.result); f.readAsDataURL(b); });
			out[a.id] = r.status + ' ' + url.slice(url.indexOf(',') + 1);
		}
		return out; })()`)
	want := []string{"dl-opinion-docx", "dl-annotated", "dl-suggested"}
	if c, s := opinion.Available(); c || s {
		want = append(want, "dl-opinion-pdf")
	} else if !eval[bool](t, ctx, `document.querySelector('#dl-opinion-pdf').disabled && document.querySelector('#dl-nopdf').textContent.includes('本机无法生成 PDF')`) {
		t.Errorf("%s: PDF button not disabled with the note on a machine without renderers", who)
	}
	for _, id := range want {
		v, ok := got[id]
		if !ok {
			t.Errorf("%s: no %s button (got %v)", who, id, keys(got))
			continue
		}
		status, b64, _ := strings.Cut(v, " ")
		data, err := base64.StdEncoding.DecodeString(b64)
		if status != "200" || err != nil {
			t.Errorf("%s: %s answered %s (%v)", who, id, status, err)
			continue
		}
		if id == "dl-opinion-pdf" {
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s: %s is not a PDF", who, id)
			}
			continue
		}
		validDocx(t, who+" "+id, data)
		if id == "dl-annotated" && len(wordComments(t, data)) == 0 {
			t.Errorf("%s: the 批注稿 has no comments", who)
		}
	}
}

// checkOldRound downloads, from the document page, the files of version
// 1's signed round after version 2 was uploaded: the opinion (Word, PDF)
// and the 批注稿, each matching the sha256 the page shows.
func checkOldRound(t *testing.T, ctx context.Context, docURL, who string) {
	t.Helper()
	step(t, ctx, "document page", chromedp.Navigate(docURL))
	waitFor(t, ctx, "version 1 in the record", `document.querySelector('#v1 .round')`)
	got := eval[map[string]string](t, ctx, `(async () => {
		const out = {};
		for (const a of document.querySelectorAll('#v1 .round .downloads a.btn')) {
			const r = await fetch(a.getAttribute('href'));
			const b = new Uint8Array(await r.arrayBuffer());
			const head = String.fromCharCode(...b.slice(0, 5));
			const shown = (a.getAttribute('title') || '').replace('SHA-256：', '');
			out[a.textContent.trim()] = r.status + ' ' + head + ' ' + (r.headers.get('X-Content-SHA256') === shown && shown !== '');
		}
		return out; })()`)
	for label, head := range map[string]string{"审查意见书（Word）": "PK", "审查意见书（PDF）": "%PDF-", "批注稿（Word）": "PK"} {
		v, ok := got[label]
		if !ok {
			t.Errorf("%s: version 1's round offers no %s (got %v)", who, label, keys(got))
			continue
		}
		if !strings.HasPrefix(v, "200 "+head) || !strings.HasSuffix(v, " true") {
			t.Errorf("%s: version 1's %s: %s (want 200, %s, the sha256 shown)", who, label, v, head)
		}
	}
	if eval[int](t, ctx, `document.querySelectorAll('#v1 .round a.round-opinion').length`) != 1 {
		t.Errorf("%s: version 1's round has no link to its opinion", who)
	}
}

// v1Review is the id of version 1's review, read from the document page.
func v1Review(t *testing.T, ctx context.Context, base, docURL string) string {
	t.Helper()
	step(t, ctx, "document page", chromedp.Navigate(base+docURL), chromedp.WaitVisible(chromedp.CSS("#v1")))
	href := eval[string](t, ctx, `document.querySelector('#v1 dl a[href^="/reviews/"]').getAttribute('href')`)
	return strings.TrimPrefix(href, "/reviews/")
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestBrowserFlow is the whole job in a real browser: a clerk uploads a
// .docx, the reviewer sees the findings highlighted, accepts one,
// dismisses one, adds one of his own on selected text (with replacement
// wording) and signs off; he downloads the opinion (.docx, .pdf), the 批注稿
// and the 修改建议稿 from the review page; the clerk downloads them from the
// document page and reads the opinion.
func TestBrowserFlow(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	base := e.ts.URL
	dir := t.TempDir()
	draft := filepath.Join(dir, "青山村村规民约（草案）.docx")
	if err := os.WriteFile(draft, docx(t, strings.Split(villageRules, "\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	meeting := e.srv.today().AddDate(0, 0, 6).Format("2006-01-02")

	// Clerk uploads.
	step(t, ctx, "login page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#username")))
	shot(t, ctx, "00-login", false)
	loginAs(t, ctx, base, "clerk", e.pw["clerk"])
	step(t, ctx, "open upload form",
		chromedp.Navigate(base+"/documents/new"),
		chromedp.WaitVisible(chromedp.CSS("#upload-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{draft}),
		// The page detects title and type from the file.
		chromedp.Poll[chromedp.Void](`document.querySelector('#title').value !== ''`),
	)
	if got := eval[string](t, ctx, `document.querySelector('#type').value`); got != "村规民约" {
		t.Errorf("detected type %q, want 村规民约", got)
	}
	step(t, ctx, "fill meeting date", chromedp.SetValue(chromedp.CSS("#meeting_date"), meeting),
		chromedp.SendKeys(chromedp.CSS("#note"), "拟提交村民会议讨论"))
	shot(t, ctx, "01-upload", false)
	step(t, ctx, "submit upload", chromedp.Click(chromedp.CSS("#upload-submit")))
	waitFor(t, ctx, "uploaded", `document.querySelector('.flash')`)
	if got := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(got, "村规民约") {
		t.Fatalf("after upload the page shows %q", got)
	}
	docURL := eval[string](t, ctx, `location.pathname`)
	shot(t, ctx, "02-document-clerk", false)
	logout(t, ctx)

	// Two more drafts in the office: one overdue, one without problems.
	today := e.srv.today()
	if st := e.login("clerk2").upload("/api/v1/documents", "关于加强农村建房管理的通知.txt", []byte(buildingNotice),
		map[string]string{"title": "西山街道关于加强农村建房管理的通知（征求意见稿）", "meeting_date": today.AddDate(0, 0, -2).Format("2006-01-02"), "confirm_past_meeting": "1"}, nil); st != 201 {
		t.Fatalf("second draft: %d", st)
	}
	if st := e.login("clerk").upload("/api/v1/documents", "文化广场管理办法.txt", []byte("东湖镇文化广场管理办法\n第一条 为加强文化广场管理，制定本办法。\n第二条 广场开放时间为每日6时至22时。\n"),
		map[string]string{"title": "东湖镇文化广场管理办法", "meeting_date": today.AddDate(0, 0, 15).Format("2006-01-02")}, nil); st != 201 {
		t.Fatalf("third draft: %d", st)
	}

	// Reviewer: queue, review page with highlights.
	loginAs(t, ctx, base, "reviewer", e.pw["reviewer"])
	step(t, ctx, "queue", chromedp.Navigate(base+"/queue"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	if n := eval[int](t, ctx, `document.querySelectorAll('table.queue tr.overdue').length`); n != 1 {
		t.Errorf("queue marks %d drafts overdue, want 1", n)
	}
	shot(t, ctx, "03-queue", false)
	step(t, ctx, "open review", chromedp.Navigate(base+eval[string](t, ctx,
		`Array.from(document.querySelectorAll('table.queue a.doclink')).find(a => a.textContent.includes('青山村')).getAttribute('href')`)))
	waitFor(t, ctx, "review page", `document.querySelector('#doctext mark.hl')`)
	marks := eval[int](t, ctx, `document.querySelectorAll('#doctext mark.hl.sev-error').length`)
	cards := eval[int](t, ctx, `document.querySelectorAll('.finding').length`)
	if marks == 0 || cards == 0 {
		t.Fatalf("review page: %d error highlights, %d finding cards", marks, cards)
	}
	// Every highlight's text is the quote of its finding.
	bad := eval[string](t, ctx, `Array.from(document.querySelectorAll('.finding')).map(c => {
		const q = c.querySelector('.quote'); if (!q) return '';
		const m = Array.from(document.querySelectorAll('#doctext mark[data-f]')).filter(m => (' '+m.dataset.f+' ').includes(' '+c.dataset.fid+' '));
		const text = m.map(x => x.textContent).join('');
		return text === q.textContent ? '' : c.dataset.fid + ': ' + text + ' != ' + q.textContent;
	}).filter(Boolean).join('; ')`)
	if bad != "" {
		t.Errorf("highlights differ from quotes: %s", bad)
	}
	shot(t, ctx, "04-review", false)
	shot(t, ctx, "04-review-full", true)
	eval[bool](t, ctx, `(document.querySelector('.findings').scrollIntoView(), true)`)
	shot(t, ctx, "04-review-findings", false)
	eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)

	// Accept the first finding, dismiss the second with a reason.
	first := eval[string](t, ctx, `document.querySelectorAll('.finding.state-open')[0].dataset.fid`)
	step(t, ctx, "accept", chromedp.Click(chromedp.CSS("#f"+first+" button[data-act=accept]")))
	waitFor(t, ctx, "accepted", `document.querySelector('#f`+first+` .state-accepted')`)
	second := eval[string](t, ctx, `document.querySelectorAll('.finding.state-open')[0].dataset.fid`)
	step(t, ctx, "dismiss",
		chromedp.Click(chromedp.CSS("#f"+second+" summary[data-act=dismiss]")),
		chromedp.WaitVisible(chromedp.CSS("#f"+second+" textarea[name=reason]")),
		chromedp.SendKeys(chromedp.CSS("#f"+second+" textarea[name=reason]"), "该款经村民会议另行讨论，暂不作为审查意见"),
		chromedp.Click(chromedp.CSS("#f"+second+" button[data-act=dismiss-confirm]")),
	)
	waitFor(t, ctx, "dismissed", `document.querySelector('#f`+second+` .state-dismissed')`)

	// Select text and add a finding of one's own.
	eval[bool](t, ctx, `(() => {
		const seg = Array.from(document.querySelectorAll('#doctext span[data-start]')).find(s => s.textContent.includes('圈养'));
		const node = seg.firstChild, i = node.data.indexOf('圈养');
		const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 2);
		const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
		document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
		return true; })()`)
	step(t, ctx, "add own finding",
		chromedp.WaitVisible(chromedp.CSS("#addfinding")),
		chromedp.SendKeys(chromedp.CSS("#addfinding textarea[name=message]"), "“圈养”的要求应给出过渡期和例外情形"),
		chromedp.SendKeys(chromedp.CSS("#addfinding textarea[name=replacement]"), "圈养（自本规约施行之日起设三个月过渡期）"),
		chromedp.Click(chromedp.CSS("#addfinding button[type=submit]")),
	)
	waitFor(t, ctx, "own finding stored", `Array.from(document.querySelectorAll('.finding .tag')).some(x => x.textContent === '审查人添加')`)
	if q := eval[string](t, ctx, `Array.from(document.querySelectorAll('.finding')).filter(c => c.textContent.includes('审查人添加')).map(c => c.querySelector('.quote').textContent).join()`); q != "圈养" {
		t.Errorf("own finding quotes %q, want 圈养", q)
	}

	// The sign-off box says which 违法 findings are still open: 修改后合法
	// cannot be signed over them. The reviewer accepts them.
	step(t, ctx, "open sign-off box", chromedp.Click(chromedp.CSS("#signoff-open")), chromedp.WaitVisible(chromedp.CSS("#signoff-submit")))
	if open := eval[string](t, ctx, `(document.querySelector('#open-unlawful') || {textContent: ''}).textContent`); !strings.Contains(open, "违法") {
		t.Errorf("sign-off box does not warn of open 违法 findings: %q", open)
	}
	for {
		fid := eval[string](t, ctx, `(Array.from(document.querySelectorAll('.finding.state-open')).find(c => c.classList.contains('sev-error')) || {dataset: {}}).dataset.fid || ''`)
		if fid == "" {
			break
		}
		step(t, ctx, "accept "+fid, chromedp.Click(chromedp.CSS("#f"+fid+" button[data-act=accept]")))
		waitFor(t, ctx, "accepted "+fid, `document.querySelector('#f`+fid+` .state-accepted')`)
	}

	// Conclusion and sign-off. The opinion lists the accepted findings
	// itself; the reviewer starts from the conclusion's standard sentence.
	step(t, ctx, "conclude",
		chromedp.Click(chromedp.CSS(`input[name=conclusion][value="修改后合法"]`)),
		chromedp.Click(chromedp.CSS("#insert-standard")),
		chromedp.SendKeys(chromedp.CSS("#opinion"), "\n请删除罚款条款后提交村民会议讨论。"),
	)
	if got := eval[string](t, ctx, `document.querySelector('#opinion').value`); strings.Contains(got, "圈养") || !strings.Contains(got, "请删除罚款条款") {
		t.Errorf("opinion text after inserting the standard sentence: %q", got)
	}
	step(t, ctx, "sign-off box",
		chromedp.Click(chromedp.CSS("#signoff-open")),
		chromedp.WaitVisible(chromedp.CSS("#signoff-submit")),
	)
	if n := eval[int](t, ctx, `document.querySelectorAll('#open-unlawful').length`); n != 0 {
		t.Error("sign-off box still warns of open 违法 findings after all were decided")
	}
	shot(t, ctx, "05-signoff", false)
	step(t, ctx, "sign off", chromedp.Click(chromedp.CSS("#signoff-submit")))
	waitFor(t, ctx, "signed", `document.querySelector('#review-status') && document.querySelector('#review-status').textContent.includes('已签发')`)
	if n := eval[int](t, ctx, `document.querySelectorAll('.decide').length`); n != 0 {
		t.Errorf("signed review still offers %d decision forms", n)
	}
	// The reviewer downloads the opinion (Word, PDF), the 批注稿 and the
	// 修改建议稿 from the review page.
	eval[bool](t, ctx, `(document.querySelector('#downloads').scrollIntoView({block: 'center'}), true)`)
	shot(t, ctx, "05b-review-downloads", false)
	checkDownloads(t, ctx, "reviewer")
	logout(t, ctx)

	// Clerk downloads the opinion.
	loginAs(t, ctx, base, "clerk", e.pw["clerk"])
	step(t, ctx, "document", chromedp.Navigate(base+docURL), chromedp.WaitVisible(chromedp.CSS("#opinion-link")))
	shot(t, ctx, "06-document-signed", false)
	checkDownloads(t, ctx, "clerk")
	step(t, ctx, "opinion", chromedp.Click(chromedp.CSS("#opinion-link")))
	waitFor(t, ctx, "opinion page", `document.querySelector('p.DocNumber')`)
	text := eval[string](t, ctx, `document.body.innerText`)
	for _, want := range []string{"合法性审查意见书", "修改后合法", "请删除罚款条款后提交村民会议讨论", "城关司法所〔"} {
		if !strings.Contains(text, want) {
			t.Errorf("opinion lacks %q", want)
		}
	}
	shot(t, ctx, "07-opinion", false)
	// The Word version downloads too.
	got := eval[string](t, ctx, fmt.Sprintf(`fetch(%q).then(r => r.status + ' ' + r.headers.get('content-type'))`, strings.TrimPrefix(docURL, "")+"/opinion/file"))
	if !strings.HasPrefix(got, "200 application/vnd.openxmlformats") {
		t.Errorf("opinion .docx download: %s", got)
	}
	// The clerk uploads a revised version from the document page.
	revised := strings.Replace(villageRules, "一、对偷盗集体财物的，由村委会处以500元罚款，并在村务公开栏公开曝光。", "一、对偷盗集体财物的，依法报公安机关处理。", 1)
	revisedPath := filepath.Join(dir, "青山村村规民约（修改稿）.docx")
	if err := os.WriteFile(revisedPath, docx(t, strings.Split(revised, "\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "revised version",
		chromedp.Navigate(base+docURL),
		chromedp.WaitVisible(chromedp.CSS("#version-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#version-form input[type=file]"), []string{revisedPath}),
		chromedp.SendKeys(chromedp.CSS("#version-form textarea[name=note]"), "已删除罚款和公开曝光的内容"),
		chromedp.Click(chromedp.CSS("#version-form button[type=submit]")),
	)
	waitFor(t, ctx, "version 2", `document.querySelector('#v2')`)
	shot(t, ctx, "06b-document-two-versions", true)
	// Version 1's signed round stays in the record: its opinion, PDF and
	// 批注稿 download, each with the sha256 the page shows; version 2
	// shows the clerk's 修改说明.
	if note := eval[string](t, ctx, `(document.querySelector('#v2 .revision-note') || {textContent: ''}).textContent`); !strings.Contains(note, "已删除罚款和公开曝光的内容") {
		t.Errorf("document page does not show version 2's 修改说明: %q", note)
	}
	checkOldRound(t, ctx, base+docURL, "clerk")
	logout(t, ctx)

	// The reviewer sees what changed.
	loginAs(t, ctx, base, "reviewer", e.pw["reviewer"])
	step(t, ctx, "queue again", chromedp.Navigate(base+"/queue"), chromedp.WaitVisible(chromedp.CSS("table.queue")))
	step(t, ctx, "open version 2", chromedp.Navigate(base+eval[string](t, ctx,
		`Array.from(document.querySelectorAll('table.queue a.doclink')).find(a => a.textContent.includes('青山村')).getAttribute('href')`)))
	waitFor(t, ctx, "compare link", `document.querySelector('#compare-link')`)
	step(t, ctx, "compare", chromedp.Click(chromedp.CSS("#compare-link")))
	waitFor(t, ctx, "compare page", `document.querySelector('.diff')`)
	if note := eval[string](t, ctx, `document.querySelector('#revision-note').innerText`); !strings.Contains(note, "已删除罚款和公开曝光的内容") {
		t.Errorf("compare page does not show the 修改说明: %q", note)
	}
	if got := eval[string](t, ctx, `document.querySelector('.carry-col').innerText`); !strings.Contains(got, "罚款") {
		t.Errorf("resolved column does not list the fine: %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.dl-insert').length + document.querySelectorAll('.dl-delete').length`); n == 0 {
		t.Error("compare page shows no changed lines")
	}
	shot(t, ctx, "10-compare", false)
	// The review page of version 1 links its own signed opinion.
	step(t, ctx, "version 1's review", chromedp.Navigate(base+"/reviews/"+v1Review(t, ctx, base, docURL)), chromedp.WaitVisible(chromedp.CSS("#opinion-link")))
	step(t, ctx, "version 1's opinion", chromedp.Click(chromedp.CSS("#opinion-link")))
	waitFor(t, ctx, "version 1's opinion page", `document.querySelector('p.DocNumber')`)
	if got := eval[string](t, ctx, `document.body.innerText`); strings.Contains(got, "尚未签发") || !strings.Contains(got, "请删除罚款条款后提交村民会议讨论") {
		t.Errorf("version 1's review links to %q", got[:min(len(got), 200)])
	}
	checkOldRound(t, ctx, base+docURL, "reviewer")
	logout(t, ctx)

	// The administrator sees every step in the audit log.
	loginAs(t, ctx, base, "admin", e.pw["admin"])
	step(t, ctx, "admin", chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(chromedp.CSS("table")))
	shot(t, ctx, "08-admin", false)
	step(t, ctx, "audit", chromedp.Navigate(base+"/admin/audit"), chromedp.WaitVisible(chromedp.CSS("table")))
	audit := eval[string](t, ctx, `document.querySelector('table').innerText`)
	for _, want := range []string{"提交文件", "采纳意见", "不采纳意见", "添加意见", "签发", "查看意见书", "下载意见书", "下载批注稿", "登录", "上传新版本", "村规民约（草案）》第1版第1轮签发"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log page lacks %q:\n%s", want, audit)
		}
	}
	for _, code := range []string{"upload", "finding_accept", "signoff", "opinion_download", "annotated_download", "document:", "review:"} {
		if strings.Contains(audit, code) {
			t.Errorf("audit log page shows the code %q", code)
		}
	}
	shot(t, ctx, "09-audit", false)
}
