package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// The type of a new draft: what the upload form shows of the detected
// type, and the clerk's confirmation of a held upload (workflow's
// ConfirmUpload). The reviewer's change of it is in retype.go.

// DetectResult is POST /api/v1/documents/detect.
type DetectResult struct {
	Title string `json:"title"`
	Type  string `json:"type"` // detected
	// Uncertain: the type could not be determined (其他); LikelyType is
	// then the type the wording points to ("" when none) and Notices what
	// the review will say.
	Uncertain  bool     `json:"uncertain"`
	LikelyType string   `json:"likely_type"`
	Notices    []string `json:"notices"`
}

func detectResult(d *workflow.Detection) DetectResult {
	out := DetectResult{Title: d.Title, Type: d.Type, Uncertain: d.Uncertain(), LikelyType: d.LikelyType, Notices: d.Notices}
	if out.Notices == nil {
		out.Notices = []string{}
	}
	return out
}

// uploadedMessage is the flash after an upload: where the draft stands and
// under which type it was checked.
func uploadedMessage(res *workflow.Uploaded) string {
	msg := fmt.Sprintf("已提交（文件类型：%s），系统初审发现 %d 处需关注的内容，等待司法所审查。", res.Type, res.Findings)
	for _, n := range res.Notices {
		msg += n + "。"
	}
	return msg
}

// confirmPage shows a held upload for the clerk to confirm its type.
func (s *Server) confirmPage(c *gin.Context, status int, h *workflow.HeldUpload, form gin.H, errMsg string) {
	if form == nil {
		form = uploadForm(workflow.UploadInput{Title: h.Title, Type: h.Suggested(), MeetingDate: h.MeetingDate, Note: h.Note, ConfirmPastMeeting: h.ConfirmPastMeeting})
	}
	s.render(c, status, "upload_confirm", gin.H{"Title": "确认文件类型", "H": h, "Types": workflow.DocTypes, "Form": form, "Error": errMsg})
}

// uploadForm is what the upload and confirmation forms show again: the
// values the clerk gave.
func uploadForm(in workflow.UploadInput) gin.H {
	return gin.H{"title": in.Title, "type": in.Type, "meeting_date": in.MeetingDate, "note": in.Note, "confirm_past_meeting": in.ConfirmPastMeeting}
}

// ConfirmInput is the confirmation of a held upload.
type ConfirmInput struct {
	Token       string `json:"token" form:"token"`
	Type        string `json:"type" form:"type"`
	Title       string `json:"title" form:"title"`
	MeetingDate string `json:"meeting_date" form:"meeting_date"`
	Note        string `json:"note" form:"note"`
	// ConfirmPastMeeting confirms a meeting date before today, as on the
	// upload form.
	ConfirmPastMeeting bool `json:"confirm_past_meeting" form:"confirm_past_meeting"`
}

func (s *Server) confirmSubmit(c *gin.Context) {
	u := currentUser(c)
	if err := workflow.RequireRole(u, storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	var in ConfirmInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	up := workflow.UploadInput{Type: in.Type, Title: in.Title, MeetingDate: in.MeetingDate, Note: in.Note, ConfirmPastMeeting: in.ConfirmPastMeeting}
	res, err := s.flow.ConfirmUpload(c.Request.Context(), u, in.Token, up)
	if err == nil {
		s.redirect(c, fmt.Sprintf("/documents/%d", res.DocumentID), uploadedMessage(res))
		return
	}
	ue := asUserError(err)
	switch {
	case ue.Status >= 500 || ue.Status == http.StatusForbidden:
		s.fail(c, err)
	case res != nil && res.Held != nil:
		s.confirmPage(c, ue.Status, res.Held, uploadForm(up), ue.Msg)
	default: // the held upload is gone: start again
		s.renderUpload(c, ue.Status, gin.H{"Error": ue.Msg, "Form": uploadForm(up)})
	}
}
