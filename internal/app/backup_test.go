package app_test

import (
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/backup"
)

func TestBackupSettingsAreCheckedAtStart(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(name string) string { return vars[name] }
	}
	cfg, err := app.FromEnv(env(nil))
	if err != nil || cfg.BackupDir != "./var/backups" || cfg.BackupKeep != backup.DefaultKeep || !cfg.BackupNightly || cfg.BackupAt != backup.DefaultAt {
		t.Errorf("defaults: %q keep %d nightly %v at %v (%v)", cfg.BackupDir, cfg.BackupKeep, cfg.BackupNightly, cfg.BackupAt, err)
	}
	cfg, err = app.FromEnv(env(map[string]string{"BACKUP_DIR": "/mnt/backups", "BACKUP_KEEP": "30", "BACKUP_AT": "off", "PG_BIN_DIR": "/usr/lib/postgresql/15/bin"}))
	if err != nil || cfg.BackupDir != "/mnt/backups" || cfg.BackupKeep != 30 || cfg.BackupNightly || cfg.PGBinDir != "/usr/lib/postgresql/15/bin" {
		t.Errorf("set: %+v (%v)", cfg, err)
	}
	for k, v := range map[string]string{"BACKUP_KEEP": "-1", "BACKUP_AT": "25:00"} {
		if _, err := app.FromEnv(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: %v, want an error naming it", k, v, err)
		}
	}
}
