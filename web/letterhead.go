package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
)

// The 版头 of each office's opinions: shown and changed by the
// administrator on the administration page and through the API.

// letterheadRequest is an office's 版头 as the form and the API send it:
// the text of the 发文机关标志 ("" = the office's name) and whether it is
// printed (default: printed).
type letterheadRequest struct {
	Text string `json:"text" form:"letterhead_text"`
	// Print is a checkbox on the page; the API may send off instead.
	Print string `json:"-" form:"letterhead_print"`
	Off   bool   `json:"off" form:"-"`
}

// letterheadInput reads the office and the 版头 a request sets; false
// when it has answered already.
func (s *Server) letterheadInput(c *gin.Context) (int64, letterheadRequest, bool) {
	var in letterheadRequest
	oid, ok := idParam(c, "oid")
	if !ok {
		s.fail(c, errNotFound)
		return 0, in, false
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return 0, in, false
	}
	return oid, in, true
}

func (s *Server) adminLetterheadSubmit(c *gin.Context) {
	oid, in, ok := s.letterheadInput(c)
	if !ok {
		return
	}
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		return "已更新审查意见书版头", false, s.flow.SetOfficeLetterhead(c.Request.Context(), u, oid, in.Text, in.Print != "1")
	})
}

func (s *Server) apiLetterhead(c *gin.Context) {
	oid, in, ok := s.letterheadInput(c)
	if !ok {
		return
	}
	if err := s.flow.SetOfficeLetterhead(c.Request.Context(), currentUser(c), oid, in.Text, in.Off); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

// letterheadJSON is an office's 版头 in the API: the text as stored ("" =
// the office's name), whether it is off, and the 发文机关标志 printed.
func letterheadJSON(o storage.Office) gin.H {
	printed := ""
	if !o.Letterhead.Off {
		printed = o.Letterhead.Text
		if printed == "" {
			printed = o.Name
		}
	}
	return gin.H{"text": o.Letterhead.Text, "off": o.Letterhead.Off, "printed": printed}
}
