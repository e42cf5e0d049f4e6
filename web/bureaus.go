package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
)

// The county 司法局s (issue 16): the administrator adds a bureau and
// chooses the offices whose statistics, register and signed opinions its
// accounts read.

// bureauRequest creates a bureau or sets its offices.
type bureauRequest struct {
	Name      string  `json:"name" form:"name"`
	OfficeIDs []int64 `json:"office_ids" form:"office_id"`
}

// formOffices are the offices ticked in a form (office_id, repeated).
func formOffices(c *gin.Context) []int64 {
	var ids []int64
	for _, v := range c.PostFormArray("office_id") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func (s *Server) adminBureauSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		_, err := s.flow.CreateBureau(c.Request.Context(), u, c.PostForm("name"), formOffices(c))
		return "已添加司法局", false, err
	})
}

func (s *Server) adminBureauUpdateSubmit(c *gin.Context) {
	bid, ok := idParam(c, "bid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		return "已更新司法局所辖司法所", false, s.flow.SetBureauOffices(c.Request.Context(), u, bid, formOffices(c))
	})
}

func (s *Server) apiBureaus(c *gin.Context) {
	a, err := s.flow.Administration(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, b := range a.Bureaus {
		ids := b.OfficeIDs
		if ids == nil {
			ids = []int64{}
		}
		out = append(out, gin.H{"id": b.ID, "name": b.Name, "office_ids": ids})
	}
	c.JSON(http.StatusOK, gin.H{"bureaus": out})
}

func (s *Server) apiCreateBureau(c *gin.Context) {
	var in bureauRequest
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.flow.CreateBureau(c.Request.Context(), currentUser(c), in.Name, in.OfficeIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": id})
}

func (s *Server) apiUpdateBureau(c *gin.Context) {
	bid, ok := idParam(c, "bid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in bureauRequest
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.flow.SetBureauOffices(c.Request.Context(), currentUser(c), bid, in.OfficeIDs); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}
