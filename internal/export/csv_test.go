package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestCSVNeutralisesFormulasAndKeepsLetters(t *testing.T) {
	var buf bytes.Buffer
	c, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"Vārds", "Temats"},
		{"=HYPERLINK(\"http://x\")", "+1"},
		{"-2", "@SUM(A1)"},
		{"-2+3", "-0,5"},
		{"\t=1", "Žanna Иванова; \"citāts\""},
		{"plain", ""},
	}
	for _, r := range rows {
		if err := c.Row(append([]string(nil), r...)...); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeff") {
		t.Error("no byte order mark")
	}
	if !strings.Contains(raw, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Vārds", "Temats"},
		{"'=HYPERLINK(\"http://x\")", "'+1"},
		{"-2", "'@SUM(A1)"},
		{"'-2+3", "-0,5"},
		{"'\t=1", "Žanna Иванова; \"citāts\""},
		{"plain", ""},
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d cell %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestDatesAreDatesToASpreadsheet(t *testing.T) {
	at := time.Date(2027, 1, 6, 22, 30, 0, 0, time.UTC) // 7 January, 00:30 in Riga
	if got := Date(at); got != "07.01.2027" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(at); got != "07.01.2027 00:30" {
		t.Errorf("DateTime = %q", got)
	}
	if Date(time.Time{}) != "" {
		t.Error("a zero date is not empty")
	}
}
