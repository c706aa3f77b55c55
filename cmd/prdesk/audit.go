package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/audit"
)

// errChainBroken is the exit of prdesk audit verify when the chain breaks.
var errChainBroken = errors.New("audit verify: the audit log's chain is broken")

// runAudit is prdesk audit verify: seal what is committed (-seal, the
// default), then walk the chain and report where it breaks.
func runAudit(ctx context.Context, cfg app.Config, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return fmt.Errorf("usage: prdesk audit verify [-seal=false]")
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	seal := fs.Bool("seal", true, "seal the entries not yet in the chain before checking it")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if *seal {
		n, err := audit.Seal(ctx, pool)
		if err != nil {
			return err
		}
		fmt.Printf("Sealed %d new entries.\n", n)
	}
	v, err := audit.Verify(ctx, pool)
	if err != nil {
		return err
	}
	fmt.Printf("Checked %d entries of the chain; %d not sealed yet.\n", v.Sealed, v.Unsealed)
	if v.Broken != 0 {
		fmt.Printf("The chain breaks at entry %d of the chain (audit log id %d): %s.\n", v.Broken, v.BrokenID, v.Reason)
		return errChainBroken
	}
	fmt.Printf("The chain holds. Its last hash: %s\n", hex.EncodeToString(v.LastHash))
	return nil
}
