package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/web/storage/postgres/pgtest"
)

// db migrate applies every migration to a new PostgreSQL schema once; a
// second run applies none and says the same version.
func TestDBMigrate(t *testing.T) {
	dsn := pgtest.DSN(t)
	var first, second, errOut bytes.Buffer
	if code := run([]string{"db", "migrate", "--db", dsn}, &first, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(first.String(), "0001_init.sql") || strings.Contains(first.String(), ":lawreview@") {
		t.Errorf("first run said (password shown?):\n%s", first.String())
	}
	if code := run([]string{"db", "migrate", "--db", dsn}, &second, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(second.String(), "已应用") || !strings.Contains(second.String(), "已是最新") {
		t.Errorf("second run said:\n%s", second.String())
	}
}

// db copy refuses, with a Chinese message and exit 2, what it must not do:
// no addresses, one database twice, a target already in use.
func TestDBCopyRefuses(t *testing.T) {
	dir := t.TempDir()
	a := "sqlite://" + filepath.Join(dir, "a.db")
	b := "sqlite://" + filepath.Join(dir, "b.db")
	var out bytes.Buffer
	if code := run([]string{"user", "add", "--data", dir, "--name", "admin2", "--role", "admin"}, &out, &out); code != exitOK {
		t.Fatalf("user add: %d %s", code, out.String())
	}
	used := "sqlite://" + filepath.Join(dir, "lawreview.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"db", "copy", "--from", a}, "--to"},
		{[]string{"db", "copy", "--from", a, "--to", a}, "相同"},
		{[]string{"db", "copy", "--from", a, "--to", used}, "已有数据"},
		{[]string{"db", "copy", "--from", a, "--to", b, "extra"}, "用法"},
		{[]string{"db", "vacuum"}, "未知的子命令"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(c.args, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
}
