package web

import (
	"fmt"
	"html"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"lawreview/review"
)

// A draft whose type cannot be determined (its title says nothing; its
// words are a village's and a government's): reviewed as 其他 every
// worded type's rules run; as 规范性文件 or 村规民约 other findings appear.
const uncertainDraft = "情况说明\n一、本村村民乱倒垃圾的，由村委会罚款200元。\n二、建房施工材料须从镇政府指定的建材市场购买。\n三、外地企业须在本镇登记备案后方可参与招标。\n四、本办法由镇党政办公室负责解释。\n"

// The detect endpoint says what the form shows: the detected type and,
// when it is uncertain, the likely type and the notice.
func TestDetectReportsUncertainty(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	var got DetectResult
	if st := clerk.upload("/api/v1/documents/detect", "情况说明.txt", []byte(uncertainDraft), nil, &got); st != 200 {
		t.Fatalf("detect: %d", st)
	}
	if got.Type != review.TypeOther || !got.Uncertain || got.LikelyType != "村规民约" || !slices.Equal(got.Notices, []string{review.NoticeAllRules}) {
		t.Errorf("uncertain draft: %+v", got)
	}
	if st := clerk.upload("/api/v1/documents/detect", "村规民约.txt", []byte(villageRules), nil, &got); st != 200 {
		t.Fatalf("detect: %d", st)
	}
	if got.Type != "村规民约" || got.Uncertain || got.LikelyType != "" || got.Notices == nil || len(got.Notices) != 0 {
		t.Errorf("village rules: %+v", got)
	}
}

// The API takes an explicit type and says which type detection gives;
// a draft stored as 其他 says that every type's rules ran, in the upload's
// answer and in its review.
func TestUploadReportsDetectedType(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	var res UploadResult
	if st := clerk.upload("/api/v1/documents", "情况说明.txt", []byte(uncertainDraft), map[string]string{"type": "规范性文件"}, &res); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	if res.Type != "规范性文件" || res.DetectedType != review.TypeOther || len(res.Notices) != 0 {
		t.Errorf("explicit type: %+v", res)
	}
	if st := clerk.upload("/api/v1/documents", "情况说明.txt", []byte(uncertainDraft), nil, &res); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	if res.Type != review.TypeOther || res.DetectedType != review.TypeOther || res.LikelyType != "村规民约" || !slices.Contains(res.Notices, review.NoticeAllRules) {
		t.Errorf("detected type: %+v", res)
	}
	r := e.review(e.login("reviewer"), res.ReviewID)
	if !slices.Contains(r.Notices, review.NoticeAllRules) || r.LikelyType != "村规民约" || r.DetectedType != review.TypeOther {
		t.Errorf("review JSON: notices %v likely %q detected %q", r.Notices, r.LikelyType, r.DetectedType)
	}
	var page []byte
	e.login("clerk").do("GET", fmt.Sprintf("/reviews/%d", res.ReviewID), nil, &page)
	if !strings.Contains(string(page), review.NoticeAllRules+"（从内容看最接近村规民约）") {
		t.Error("the review page does not show the notice with the likely type")
	}
}

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// Without the page's script the form arrives unconfirmed: the upload is
// held and the clerk is shown the detected type on a page of its own;
// only his confirmation stores the draft, with the type he chose.
func TestUploadConfirmPage(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	before := e.snapshot()
	var page []byte
	if st := clerk.upload("/documents", "情况说明.txt", []byte(uncertainDraft), map[string]string{"title": "", "type": "auto"}, &page); st != 200 {
		t.Fatalf("unconfirmed page upload: %d", st)
	}
	text := html.UnescapeString(string(page))
	for _, want := range []string{"确认文件类型", `id="detected-type">其他`, "文件类型未能确定，按“其他”提交将按全部规则检查", `id="likely-type">村规民约`, `<option value="其他" selected>`} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation page lacks %q", want)
		}
	}
	m := tokenField.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no token on the confirmation page")
	}
	after := e.snapshot()
	if !reflect.DeepEqual(before.Counts, after.Counts) || after.Files != before.Files+1 {
		t.Errorf("holding stored records or no staged file: %+v → %+v", before, after)
	}
	// A field to correct keeps the upload held.
	form := map[string]any{"token": m[1], "type": "规范性文件", "title": "关于村容整治的情况说明", "meeting_date": "2030-01-01", "note": ""}
	bad := map[string]any{"token": m[1], "type": "规范性文件", "meeting_date": "明天"}
	if st := clerk.do("POST", "/documents/confirm", bad, &page); st != http.StatusBadRequest || !strings.Contains(string(page), `id="confirm-form"`) {
		t.Errorf("a wrong date: %d, want the confirmation form again", st)
	}
	if st := clerk.do("POST", "/documents/confirm", form, nil); st != http.StatusSeeOther {
		t.Fatalf("confirm: %d", st)
	}
	var docs struct {
		Documents []map[string]any `json:"documents"`
	}
	clerk.do("GET", "/api/v1/documents", nil, &docs)
	if len(docs.Documents) != 1 || docs.Documents[0]["type"] != "规范性文件" || docs.Documents[0]["title"] != "关于村容整治的情况说明" {
		t.Fatalf("stored: %v", docs.Documents)
	}
	r := e.review(clerk, int64(docs.Documents[0]["review_id"].(float64)))
	if r.Type != "规范性文件" || r.DetectedType != review.TypeOther || len(r.Notices) != 0 {
		t.Errorf("review: type %s detected %s notices %v", r.Type, r.DetectedType, r.Notices)
	}
	// The same form again: the upload is gone, the clerk starts again.
	if st := clerk.do("POST", "/documents/confirm", form, &page); st != http.StatusNotFound || !strings.Contains(string(page), `id="upload-form"`) {
		t.Errorf("second confirmation: %d", st)
	}
	// A type chosen that detection confirms is stored at once.
	if st := clerk.upload("/documents", "村规民约.txt", []byte(villageRules), map[string]string{"type": "村规民约"}, nil); st != http.StatusSeeOther {
		t.Errorf("agreed type: %d, want 303", st)
	}
}

// A clerk who ticked 会议已开 on the upload form is not asked again when the
// upload is held for its type: the confirmation page keeps the tick, and
// confirming stores the draft with its past meeting date.
func TestUploadConfirmKeepsPastMeeting(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	past := e.srv.today().AddDate(0, 0, -3).Format("2006-01-02")
	var page []byte
	if st := clerk.upload("/documents", "情况说明.txt", []byte(uncertainDraft), map[string]string{"type": "auto", "meeting_date": past, "confirm_past_meeting": "1"}, &page); st != 200 {
		t.Fatalf("held upload: %d", st)
	}
	text := string(page)
	if !regexp.MustCompile(`id="confirm_past_meeting"[^>]* checked`).MatchString(text) {
		t.Error("the confirmation page dropped the 会议已开 tick")
	}
	m := tokenField.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no token on the confirmation page")
	}
	// What the page posts back: the form as shown, tick included.
	form := map[string]any{"token": m[1], "type": "其他", "title": "关于村容整治的情况说明", "meeting_date": past, "confirm_past_meeting": true}
	if st := clerk.do("POST", "/documents/confirm", form, nil); st != http.StatusSeeOther {
		t.Fatalf("confirm with the kept tick: %d", st)
	}
}
