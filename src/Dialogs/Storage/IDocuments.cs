using System.Linq.Expressions;

namespace ChiBo.Dialogs.Storage;

/// <summary>
/// One collection of the store's documents, whatever keeps them (the LiteDB file, or PostgreSQL). The calls the code
/// makes, and no more: a document by id, documents by a predicate (a LINQ expression over the entity, translated by
/// the store; keep it to comparisons, &amp;&amp;, ||, !), by a field's range or prefix, and single writes. Reads are
/// materialised: nothing lazy escapes, so writing while going through what was read is safe.
/// </summary>
public interface IDocuments<T> where T : class
{
    string Name { get; }

    /// <summary>The document with this id; null when there is none (or no id was given).</summary>
    T? FindById(string? id);
    T? FindById(long id);
    List<T> Find(Expression<Func<T, bool>> predicate);
    List<T> FindAll();
    T? FindOne(Expression<Func<T, bool>> predicate);
    bool Exists(Expression<Func<T, bool>> predicate);
    int Count();
    int Count(Expression<Func<T, bool>> predicate);
    /// <summary>The documents with the highest ids (the latest added, for numbered ids), highest first.</summary>
    List<T> Latest(int limit, Expression<Func<T, bool>>? predicate = null);

    /// <summary>Documents whose string field lies between the two values, both included (ordinal order).</summary>
    List<T> FindBetween(Expression<Func<T, string>> field, string from, string to);
    /// <summary>Documents whose string field starts with the prefix (an index range where there is one).</summary>
    List<T> FindStartingWith(Expression<Func<T, string>> field, string prefix);

    /// <summary>Adds the document; a numeric id of 0 is given the next number (set on the entity).</summary>
    void Insert(T entity);
    int Insert(IEnumerable<T> entities);
    /// <summary>Replaces the stored document with this id; false when there is none.</summary>
    bool Update(T entity);
    int Update(IEnumerable<T> entities);
    /// <summary>Replaces or adds; true when it was added.</summary>
    bool Upsert(T entity);
    bool Delete(string id);
    bool Delete(long id);
    int DeleteMany(Expression<Func<T, bool>> predicate);
    int DeleteAll();
}
