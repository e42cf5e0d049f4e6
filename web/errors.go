package web

import (
	"errors"
	"fmt"
	"net/http"

	"lawreview/web/workflow"
)

// Error is an error a user should see: an HTTP status and a Chinese message.
// The workflow's errors carry a kind instead (asUserError maps it); the
// web's own are about requests: login, CSRF, malformed or oversize bodies.
type Error struct {
	Status int
	Msg    string
	Err    error // cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Msg, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Status, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

func userErr(status int, msg string) *Error { return &Error{Status: status, Msg: msg} }

var (
	errUnauthorized = userErr(http.StatusUnauthorized, "请先登录")
	errCSRF         = userErr(http.StatusForbidden, "安全校验失败（CSRF 令牌无效），请刷新页面后重试")
	errNotFound     = workflow.ErrNotFound
)

// statusOf is the HTTP status of each kind of workflow error.
var statusOf = map[workflow.Kind]int{
	workflow.Internal:       http.StatusInternalServerError,
	workflow.Invalid:        http.StatusBadRequest,
	workflow.Unauthorized:   http.StatusUnauthorized,
	workflow.Forbidden:      http.StatusForbidden,
	workflow.NotFound:       http.StatusNotFound,
	workflow.Conflict:       http.StatusConflict,
	workflow.TooLarge:       http.StatusRequestEntityTooLarge,
	workflow.Unsupported:    http.StatusUnsupportedMediaType,
	workflow.Unprocessable:  http.StatusUnprocessableEntity,
	workflow.Throttled:      http.StatusTooManyRequests,
	workflow.NotImplemented: http.StatusNotImplemented,
	workflow.Unavailable:    http.StatusServiceUnavailable,
	workflow.Timeout:        http.StatusGatewayTimeout,
}

// asUserError turns any error into one with a status and Chinese message;
// unknown errors become 500 with a generic message (the cause is logged).
func asUserError(err error) *Error {
	var ue *Error
	if errors.As(err, &ue) {
		return ue
	}
	we := workflow.Explain(err)
	status, ok := statusOf[we.Kind]
	if !ok {
		status = http.StatusInternalServerError
	}
	return &Error{Status: status, Msg: we.Msg, Err: we.Err}
}
