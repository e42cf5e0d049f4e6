package workflow

import (
	"errors"
	"fmt"

	"lawreview/web/storage"
)

// Kind is what went wrong, in terms a caller can act on: the web maps it
// to an HTTP status, the command line to a message and an exit code.
type Kind int

const (
	Internal       Kind = iota // a fault of the system, not of the request
	Invalid                    // the input is wrong (a field, a choice, a format)
	Unauthorized               // wrong user name or password
	Forbidden                  // the user may not do this
	NotFound                   // no such record, or one the user may not see
	Conflict                   // the record changed meanwhile, or is in the wrong state
	TooLarge                   // a file or text over its limit
	Unsupported                // a file type the system does not read
	Unprocessable              // a file that cannot be read, or a draft beyond the review's work limits
	Throttled                  // too many failed logins
	NotImplemented             // a feature this installation lacks
	Unavailable                // busy, or a part not ready yet
	Timeout                    // a part took too long
)

// Fault reports a kind that is the system's fault rather than the
// request's: a page shows it as an error page, not as a remark on a form.
func (k Kind) Fault() bool {
	return k == Internal || k == NotImplemented || k == Unavailable || k == Timeout
}

// Error is an error a user should see: its kind and a Chinese message.
type Error struct {
	Kind Kind
	Msg  string
	Err  error // cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Msg, e.Err)
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

func fail(k Kind, msg string) *Error { return &Error{Kind: k, Msg: msg} }

// Errors that several operations (and the web's routes) give.
var (
	ErrForbidden   = fail(Forbidden, "您没有权限进行此操作")
	ErrNotFound    = fail(NotFound, "未找到该记录")
	ErrSigned      = fail(Conflict, "该审查已签发，只读；如需修改请先重新打开")
	ErrStale       = fail(Conflict, "该审查已被他人修改或签发，请刷新页面查看最新状态后再操作")
	ErrNewVersion  = fail(Conflict, "该文件已上传新版本，请审查最新版本")
	ErrBusy        = fail(Unavailable, "系统繁忙，请稍后再试")
	errLoginBusy   = fail(Unavailable, "登录请求过多，请稍后再试")
	errNoPDF       = fail(Unavailable, "本机无法生成 PDF，请下载 Word 版本后打印或另存为 PDF")
	errNoPrecIndex = fail(Unavailable, "先例检索索引尚未就绪，请稍后再试")
)

// Explain turns any error into one with a kind and a Chinese message:
// storage's sentinel errors get theirs, unknown errors are Internal with a
// generic message (the cause is kept for the log).
func Explain(err error) *Error {
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Kind: NotFound, Msg: ErrNotFound.Msg, Err: err}
	case errors.Is(err, storage.ErrDuplicate):
		return &Error{Kind: Conflict, Msg: "名称已存在", Err: err}
	case errors.Is(err, storage.ErrSuperseded):
		return &Error{Kind: Conflict, Msg: ErrNewVersion.Msg, Err: err}
	case errors.Is(err, storage.ErrConflict):
		return &Error{Kind: Conflict, Msg: ErrStale.Msg, Err: err}
	}
	return &Error{Kind: Internal, Msg: "服务器内部错误，请稍后重试或联系管理员", Err: err}
}
