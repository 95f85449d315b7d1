package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Field definition queries, ordered by key. */
public final class FieldDefinitionReads {
  private final ReadPool db;

  public FieldDefinitionReads(ReadPool db) {
    this.db = db;
  }

  public Future<Doc> get(String fieldKey) {
    return db.doc("SELECT doc, version FROM field_defs WHERE field_key = ?", Tuple.of(fieldKey));
  }

  public Future<Page> list(String scope, PageRequest page) {
    List<Object> args = new ArrayList<>();
    String where = "1 = 1";
    if (scope != null) {
      where = "f.scope = ?";
      args.add(scope);
    }
    return KeysetList.page(db, "field_defs f", where, args, "f.field_key", "f.field_key", false, "field_key", page);
  }
}
