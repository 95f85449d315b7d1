package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list query of the read side: a filtered table ordered by {@code (key, id)} in one direction,
 * paged by keyset cursor or offset, counted for {@code total}. The page and the count run concurrently
 * on two pooled connections.
 */
final class KeysetList {
  private KeysetList() {
  }

  /**
   * @param from    table with alias, e.g. {@code entities e}
   * @param where   conditions after {@code WHERE} (at least {@code 1 = 1})
   * @param keyCol  the sort expression; {@code idCol} breaks ties
   * @param sort    the sort's public name (stored in cursors)
   */
  static Future<Page> page(ReadPool db, String from, String where, List<Object> args, String keyCol, String idCol,
                           boolean desc, String sort, PageRequest page) {
    Future<Long> total = db.count("SELECT COUNT(*) FROM " + from + " WHERE " + where, Tuple.from(args));
    Future<List<Row>> rows = rows(db, from, null, where, args, keyCol, idCol, desc, page);
    return Future.all(total, rows).map(x -> toPage(sort, page, rows.result(), total.result()));
  }

  /**
   * The page's rows ({@code doc, key, id}), one more than the limit when there is a next page, without a count.
   * {@code index}, when not null, is the index the search for the page's rows must walk ({@code INDEXED BY}).
   */
  static Future<List<Row>> rows(ReadPool db, String from, String index, String where, List<Object> args,
                                String keyCol, String idCol, boolean desc, PageRequest page) {
    // Sort and cut on (key, id) only, then fetch the documents of the page: sorting many matches together
    // with their documents would move every document through the sorter.
    String alias = from.substring(from.indexOf(' ') + 1);
    StringBuilder sql = new StringBuilder("SELECT ").append(alias).append(".rowid FROM ").append(from)
        .append(index == null ? "" : " INDEXED BY " + index).append(" WHERE ").append(where);
    List<Object> pageArgs = new ArrayList<>(args);
    if (page.cursor() != null) {
      String op = desc ? "<" : ">";
      sql.append(" AND (").append(keyCol).append(' ').append(op).append(" ? OR (").append(keyCol)
          .append(" = ? AND ").append(idCol).append(' ').append(op).append(" ?))");
      pageArgs.add(page.cursor().key());
      pageArgs.add(page.cursor().key());
      pageArgs.add(page.cursor().id());
    }
    String dir = desc ? " DESC" : " ASC";
    sql.append(" ORDER BY ").append(keyCol).append(dir).append(", ").append(idCol).append(dir)
        .append(" LIMIT ").append(page.limit() + 1);
    if (page.offset() != null && page.offset() > 0) {
      sql.append(" OFFSET ").append(page.offset());
    }
    String outer = "SELECT doc, " + keyCol + ", " + idCol + " FROM " + from + " WHERE " + alias + ".rowid IN ("
        + sql + ") ORDER BY " + keyCol + dir + ", " + idCol + dir;
    return db.query(outer, Tuple.from(pageArgs)).map(rs -> {
      List<Row> out = new ArrayList<>();
      rs.forEach(out::add);
      return out;
    });
  }

  static Page toPage(String sort, PageRequest page, List<Row> rows, long total) {
    boolean more = rows.size() > page.limit();
    List<Row> shown = more ? rows.subList(0, page.limit()) : rows;
    List<String> docs = new ArrayList<>(shown.size());
    shown.forEach(r -> docs.add(r.getString(0)));
    String next = null;
    if (more) {
      Row last = shown.get(shown.size() - 1);
      next = PageRequest.encode(sort, String.valueOf(last.getValue(1)), last.getString(2));
    }
    return new Page(docs, total, page.limit(), page.offset(), next);
  }
}
