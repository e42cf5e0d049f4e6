package web

import (
	"errors"
	"fmt"
	"net/http"

	"lawreview/web/storage"
)

// Error is an error a user should see: an HTTP status and a Chinese message.
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
	errForbidden    = userErr(http.StatusForbidden, "您没有权限进行此操作")
	errNotFound     = userErr(http.StatusNotFound, "未找到该记录")
	errCSRF         = userErr(http.StatusForbidden, "安全校验失败（CSRF 令牌无效），请刷新页面后重试")
	errSigned       = userErr(http.StatusConflict, "该审查已签发，只读；如需修改请先重新打开")
	errStale        = userErr(http.StatusConflict, "该审查已被他人修改或签发，请刷新页面查看最新状态后再操作")
	errNewVersion   = userErr(http.StatusConflict, "该文件已上传新版本，请审查最新版本")
)

// asUserError turns any error into one with a status and Chinese message;
// unknown errors become 500 with a generic message (the cause is logged).
func asUserError(err error) *Error {
	var ue *Error
	if errors.As(err, &ue) {
		return ue
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Msg: errNotFound.Msg, Err: err}
	case errors.Is(err, storage.ErrDuplicate):
		return &Error{Status: http.StatusConflict, Msg: "名称已存在", Err: err}
	case errors.Is(err, storage.ErrSuperseded):
		return &Error{Status: http.StatusConflict, Msg: errNewVersion.Msg, Err: err}
	case errors.Is(err, storage.ErrConflict):
		return &Error{Status: http.StatusConflict, Msg: errStale.Msg, Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Msg: "服务器内部错误，请稍后重试或联系管理员", Err: err}
}
