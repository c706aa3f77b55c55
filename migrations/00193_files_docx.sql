-- +goose Up
-- A public nomination for a municipal award may come with its documents as
-- Word files (DOCX) as well as PDF and images. The old rows hold the old
-- types, so the wider check is checked on them without blocking writes.
alter table files drop constraint files_media_type_check;
alter table files add constraint files_media_type_check check (
    media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'audio/mpeg', 'audio/mp4', 'video/mp4',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document')) not valid;
alter table files validate constraint files_media_type_check;

-- +goose Down
-- +goose StatementBegin
do $$ begin
    if exists (select 1 from files where media_type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') then
        raise exception 'files hold Word documents; remove them before going down';
    end if;
end $$;
-- +goose StatementEnd
alter table files drop constraint files_media_type_check;
alter table files add constraint files_media_type_check check (
    media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'audio/mpeg', 'audio/mp4', 'video/mp4')) not valid;
alter table files validate constraint files_media_type_check;
