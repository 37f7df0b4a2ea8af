// Command ouragen writes the generated files of the module; `go generate .`
// at the repository root runs it (see generate.go).
//
// With a command after "--" (oapi-codegen, writing the models to its
// standard output), it rewrites that output into oura/models.gen.go.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"

	"github.com/ringkit/oura-go/internal/gen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("ouragen: ")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: ouragen [-- oapi-codegen command writing the models to stdout]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if args := flag.Args(); len(args) > 0 {
		if err := models(args); err != nil {
			log.Fatal(err)
		}
	}
}

func models(args []string) error {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%v: %v\n%s", args, err, stderr.Bytes())
	}
	src, err := gen.Models(stdout.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile("oura/models.gen.go", src, 0o644)
}
