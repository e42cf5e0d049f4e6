package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
	"lawreview/web/workflow"
)

func TestUserCommand(t *testing.T) {
	data := t.TempDir()
	runCmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append(args, "--data", data), &out, &errb)
		return code, out.String(), errb.String()
	}
	cases := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout or stderr
	}{
		{"clerk without township", []string{"user", "add", "--name", "a", "--role", "clerk"}, exitUsage, "经办人必须属于一个镇（街道）"},
		{"unknown township", []string{"user", "add", "--name", "a", "--role", "clerk", "--township", "东湖镇"}, exitUsage, "不存在"},
		{"reviewer creating office", []string{"user", "add", "--name", "wang", "--display", "王建国", "--role", "reviewer", "--office", "城关司法所", "--create"}, exitOK, "初始密码："},
		{"clerk creating township", []string{"user", "add", "--name", "zhang", "--display", "张敏", "--role", "clerk", "--township", "东湖镇", "--office", "城关司法所", "--create"}, exitOK, "已创建账号 zhang（经办人）"},
		{"duplicate", []string{"user", "add", "--name", "zhang", "--role", "adviser"}, exitUsage, "已被使用"},
		{"bad role", []string{"user", "add", "--name", "x", "--role", "boss"}, exitUsage, "角色无效"},
		{"reset password", []string{"user", "passwd", "--name", "zhang"}, exitOK, "新密码："},
		{"reset unknown", []string{"user", "passwd", "--name", "nobody"}, exitUsage, "不存在"},
		{"list", []string{"user", "list"}, exitOK, "东湖镇"},
		{"unknown subcommand", []string{"user", "remove"}, exitUsage, "未知子命令"},
	}
	for _, c := range cases {
		code, out, errs := runCmd(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.out) {
			t.Errorf("%s: exit %d, want %d; output %q %q, want %q", c.name, code, c.code, out, errs, c.out)
		}
	}
	_, out, _ := runCmd("user", "passwd", "--name", "wang")
	if !regexp.MustCompile(`新密码：[A-Za-z2-9]{16}`).MatchString(out) {
		t.Errorf("generated password not shown: %q", out)
	}
}

// lawreview user unlock clears an account's (or an address's) login lock
// in the database the running server reads (issue 14, defect 3: there was
// no way to unlock but to wait).
func TestUserUnlock(t *testing.T) {
	data := t.TempDir()
	runCmd := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(append(args, "--data", data), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := runCmd("user", "add", "--name", "zhang", "--role", "adviser"); code != exitOK {
		t.Fatalf("add: %s", out)
	}
	db, err := sqlite.Open(filepath.Join(data, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	lock := []storage.LoginLimit{{Key: workflow.AccountKey("zhang"), Max: 1, Window: time.Hour}, {Key: workflow.AddressKey("10.0.0.9"), Max: 1, Window: time.Hour}}
	if _, blocked, err := db.ReserveLogin(ctx, lock, time.Now()); err != nil || blocked != nil {
		t.Fatalf("first failure: %v %v", blocked, err)
	}
	if _, blocked, _ := db.ReserveLogin(ctx, lock[:1], time.Now()); blocked == nil {
		t.Fatal("account not locked after its limit")
	}
	db.Close()
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"user", "unlock"}, exitUsage, "--name"},
		{[]string{"user", "unlock", "--name", "nobody"}, exitUsage, "不存在"},
		{[]string{"user", "unlock", "--name", "zhang"}, exitOK, "已解除账号 zhang 的登录锁定（清除 1 次失败记录）"},
		{[]string{"user", "unlock", "--address", "10.0.0.9"}, exitOK, "已解除地址 10.0.0.9 的登录锁定（清除 1 次失败记录）"},
	} {
		if code, out := runCmd(c.args...); code != c.code || !strings.Contains(out, c.out) {
			t.Errorf("%v: exit %d %q, want %d %q", c.args, code, out, c.code, c.out)
		}
	}
	db, err = sqlite.Open(filepath.Join(data, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, blocked, _ := db.ReserveLogin(ctx, lock, time.Now()); blocked != nil {
		t.Errorf("still locked after unlock: %+v", blocked)
	}
}
