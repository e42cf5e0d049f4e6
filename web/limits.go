package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
)

// Request bodies are bounded on every route, before any handler or
// middleware reads them: issue 14 saw a 300 MB JSON login read whole (RSS
// +1.4 GB) and a clerk's 300 MB import written to /tmp before its 403.
const (
	defaultBodyLimit = 1 << 20  // JSON and forms: opinions, comments, findings
	loginBodyLimit   = 16 << 10 // a user name and a password
	// MaxImportBytes is the largest precedent file accepted by import.
	MaxImportBytes = 32 << 20
	formOverhead   = 1 << 20 // multipart headers and the other fields of an upload form
)

// fileRoutes are the routes that take a file, with the roles that may
// send one: a caller of another role is refused before the body is read.
var fileRoutes = map[string][]storage.Role{
	"/documents":                      {storage.RoleClerk},
	"/documents/:id/versions":         {storage.RoleClerk},
	"/api/v1/documents":               {storage.RoleClerk},
	"/api/v1/documents/:id/versions":  {storage.RoleClerk},
	"/api/v1/documents/detect":        {storage.RoleClerk},
	"/selfcheck":                      {storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser},
	"/api/v1/selfcheck":               {storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser},
	"/admin/precedents/import":        {storage.RoleAdmin, storage.RoleReviewer},
	"/api/v1/admin/precedents/import": {storage.RoleAdmin, storage.RoleReviewer},
}

func (s *Server) bodyLimit(route string) int64 {
	switch route {
	case "/admin/precedents/import", "/api/v1/admin/precedents/import":
		return MaxImportBytes + formOverhead
	case "/login", "/api/v1/session":
		return loginBodyLimit
	}
	if _, ok := fileRoutes[route]; ok {
		return s.cfg.MaxUpload + formOverhead
	}
	return defaultBodyLimit
}

// limitBody bounds the body of every request by its route and refuses a
// logged-in caller whose role may not use a file route before a byte of
// the file is read (anonymous callers reach requireLogin's 401).
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		c.Next()
		return
	}
	route := c.FullPath()
	if roles, ok := fileRoutes[route]; ok {
		if u := currentUser(c); u != nil && !slices.Contains(roles, u.Role) {
			s.fail(c, errForbidden)
			return
		}
	}
	limit := s.bodyLimit(route)
	if c.Request.ContentLength > limit {
		if _, ok := fileRoutes[route]; ok {
			s.fail(c, s.fileTooLarge(route))
		} else {
			s.fail(c, bodyTooLarge(limit))
		}
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}

func bodyTooLarge(limit int64) *Error {
	if limit >= 1<<20 {
		return userErr(http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的内容过大，最大允许 %d MB", limit>>20))
	}
	return userErr(http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的内容过大，最大允许 %d KB", limit>>10))
}

// isTooLarge reports whether err comes from a body over its limit.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// fileTooLarge is the message for a file over the limit of its route.
func (s *Server) fileTooLarge(route string) *Error {
	if route == "/admin/precedents/import" || route == "/api/v1/admin/precedents/import" {
		return userErr(http.StatusRequestEntityTooLarge, fmt.Sprintf("先例文件过大，最大允许 %d MB；请分成几个文件导入", MaxImportBytes>>20))
	}
	return tooLarge(s.cfg.MaxUpload)
}

// Reading and reviewing a draft takes a core and, for a draft at the
// review's limits, a few hundred megabytes: 50 of them at once would
// share the CPU fifty ways (logins waited 25 s behind them in the load
// benchmark) and add up their memory. At most heavySlots run at once; the
// others wait for a slot while their request lives, and past
// maxHeavyWaiters the server says it is busy instead of queueing more.
var heavySlots = max(2, runtime.NumCPU())

const maxHeavyWaiters = 256

var errBusy = userErr(http.StatusServiceUnavailable, "系统繁忙，请稍后再试")

// heavy waits for a slot for extraction and review work and returns the
// function that gives it back.
func (s *Server) heavy(ctx context.Context) (release func(), err error) {
	if s.heavyWaiters.Add(1) > maxHeavyWaiters {
		s.heavyWaiters.Add(-1)
		return nil, errBusy
	}
	defer s.heavyWaiters.Add(-1)
	select {
	case s.heavySlots <- struct{}{}:
		return func() { <-s.heavySlots }, nil
	case <-ctx.Done():
		return nil, &Error{Status: http.StatusServiceUnavailable, Msg: errBusy.Msg, Err: ctx.Err()}
	}
}
