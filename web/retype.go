package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// The reviewer changes the type of a document under review: the review
// runs again with the new type (workflow.ChangeType).

// TypeInput is a reviewer's new type for a document under review.
type TypeInput struct {
	RowVersion int64  `json:"row_version" form:"row_version"`
	Type       string `json:"type" form:"type"`
}

// TypeChangeJSON is one type change of a review: the review ran again
// with the new type. Dropped are the findings no longer found, as they
// were (with their decisions).
type TypeChangeJSON struct {
	ID          int64         `json:"id"`
	Revision    int           `json:"revision"`
	From        string        `json:"from"`
	To          string        `json:"to"`
	Kept        int           `json:"kept"`
	KeptDecided int           `json:"kept_decided"`
	Added       int           `json:"added"`
	Dropped     []FindingJSON `json:"dropped"`
	By          string        `json:"by,omitempty"`
	At          time.Time     `json:"at"`
}

func typeChangeJSON(ch storage.TypeChange) TypeChangeJSON {
	out := TypeChangeJSON{ID: ch.ID, Revision: ch.Revision, From: ch.From, To: ch.To, Kept: ch.Kept, KeptDecided: ch.KeptDecided,
		Added: ch.Added, Dropped: []FindingJSON{}, By: ch.UserName, At: ch.At}
	for _, d := range ch.Dropped {
		out.Dropped = append(out.Dropped, findingJSON(d.Finding))
	}
	return out
}

// typeChanges are the review's type changes, the latest first.
func (s *Server) typeChanges(ctx context.Context, reviewID int64) ([]TypeChangeJSON, error) {
	chs, err := s.store().TypeChanges(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	var out []TypeChangeJSON
	for _, ch := range chs {
		out = append(out, typeChangeJSON(ch))
	}
	return out, nil
}

func typeChangedMessage(ch *workflow.TypeChanged) string {
	return fmt.Sprintf("已将文件类型改为%s并重新检查：%s。", ch.To, workflow.TypeChangeCounts(ch.Kept, ch.KeptDecided, len(ch.Dropped), ch.Added))
}

// changeType changes the type of the review of :id as the request asks.
func (s *Server) changeType(c *gin.Context) (int64, *workflow.TypeChanged, error) {
	id, ok := idParam(c, "id")
	if !ok {
		return 0, nil, errNotFound
	}
	var in TypeInput
	if err := bind(c, &in); err != nil {
		return id, nil, err
	}
	ch, err := s.flow.ChangeType(c.Request.Context(), currentUser(c), id, workflow.TypeChangeInput{RowVersion: in.RowVersion, Type: in.Type})
	return id, ch, err
}

func (s *Server) typeSubmit(c *gin.Context) {
	id, ch, err := s.changeType(c)
	back := fmt.Sprintf("/reviews/%d", id)
	if err != nil {
		ue := asUserError(err)
		if id == 0 || ue.Status == http.StatusForbidden || ue.Status == http.StatusNotFound || ue.Status >= 500 || ue.Status == http.StatusRequestEntityTooLarge {
			s.fail(c, err)
			return
		}
		s.redirect(c, back, ue.Msg)
		return
	}
	s.redirect(c, back+"#review-type", typeChangedMessage(ch))
}

func (s *Server) apiType(c *gin.Context) {
	id, ch, err := s.changeType(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	notices := ch.Notices
	if notices == nil {
		notices = []string{}
	}
	c.JSON(http.StatusOK, gin.H{"review_id": id, "type": ch.To, "row_version": ch.RowVersion, "change": typeChangeJSON(ch.TypeChange),
		"notices": notices, "likely_type": ch.LikelyType})
}
