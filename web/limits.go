package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// Request bodies are bounded on every route, before any handler or
// middleware reads them: issue 14 saw a 300 MB JSON login read whole (RSS
// +1.4 GB) and a clerk's 300 MB import written to /tmp before its 403.
const (
	defaultBodyLimit = 1 << 20  // JSON and forms: opinions, comments, findings
	loginBodyLimit   = 16 << 10 // a user name and a password
	formOverhead     = 1 << 20  // multipart headers and the other fields of an upload form
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
		return workflow.MaxImportBytes + formOverhead
	case "/login", "/api/v1/session":
		return loginBodyLimit
	}
	if _, ok := fileRoutes[route]; ok {
		return s.flow.MaxUpload + formOverhead
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
			s.fail(c, workflow.ErrForbidden)
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
func (s *Server) fileTooLarge(route string) error {
	if route == "/admin/precedents/import" || route == "/api/v1/admin/precedents/import" {
		return workflow.TooLargeImport
	}
	return workflow.TooLargeFile(s.flow.MaxUpload)
}
