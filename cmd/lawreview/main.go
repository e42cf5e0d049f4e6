// Command lawreview is the legality-review assistant for township judicial
// offices: one binary for the CLI and the web server.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"lawreview/corpus/segment"
)

// command is one subcommand. Each lives in its own file and registers itself
// in init, so that adding a command never touches this file.
type command struct {
	name    string
	summary string // one line, Chinese, for `lawreview help`
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// Exit codes follow linters so that batch scripts can branch on them.
const (
	exitOK       = 0
	exitFindings = 1 // at least one error-severity finding
	exitUsage    = 2 // usage or input error
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printHelp(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		printHelp(stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "未知命令：%s\n\n", name)
		printHelp(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "法审助手（lawreview）：镇街合法性审查辅助工具")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "用法：lawreview <命令> [参数]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "命令：")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "查看某个命令的说明：lawreview help <命令> 或 lawreview <命令> --help")
	fmt.Fprintln(w, "所有命令都接受 --data 目录（默认 $LAWREVIEW_DATA，否则 ./data），用于存放数据库、索引、上传文件和词典。")
}

// dataDir resolves the --data flag value: explicit flag, then
// $LAWREVIEW_DATA, then ./data. Every command resolves its data directory
// here, so this is also where jieba is told to unpack its dictionaries
// (<data>/dict) instead of the user's cache directory.
func dataDir(flagValue string) (string, error) {
	d := strings.TrimSpace(flagValue)
	if d == "" {
		d = os.Getenv("LAWREVIEW_DATA")
	}
	if d == "" {
		d = "data"
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", fmt.Errorf("创建数据目录 %s 失败：%w", d, err)
	}
	segment.SetDir(filepath.Join(d, "dict"))
	return d, nil
}
