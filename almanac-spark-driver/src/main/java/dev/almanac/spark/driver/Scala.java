package dev.almanac.spark.driver;

import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Conversions to the Scala collections Spark's internal API takes. */
final class Scala {
    private Scala() {}

    static <T> Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toSeq();
    }
}
