package org.openupdate.server.problem;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Whole-number path, query and header parameters ({@code ?limit=}, {@code /licenses/{id}}) that do
 * not parse are the caller's mistake: 400 naming the parameter and its value. Without this, JAX-RS
 * answers a path or query parameter that fails to convert with 404, as if the resource did not
 * exist, and says nothing about which parameter was wrong.
 */
@Provider
public class NumberParameters implements ParamConverterProvider {

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    if (rawType == Integer.class || rawType == int.class) {
      return (ParamConverter<T>) converter(name(annotations), Integer::valueOf);
    }
    if (rawType == Long.class || rawType == long.class) {
      return (ParamConverter<T>) converter(name(annotations), Long::valueOf);
    }
    return null;
  }

  private static <N extends Number> ParamConverter<N> converter(
      String name, Function<String, N> parse) {
    return new ParamConverter<>() {
      @Override
      public N fromString(String value) {
        if (value == null) {
          return null;
        }
        try {
          return parse.apply(value.strip());
        } catch (NumberFormatException e) {
          // Thrown as the cause of JAX-RS' own exception; ProblemMapper answers with it.
          throw ProblemException.invalidField(
              name, "must be a whole number, was '" + Problems.shorten(value) + "'");
        }
      }

      @Override
      public String toString(N value) {
        return value.toString();
      }
    };
  }

  private static String name(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof QueryParam q) {
        return q.value();
      }
      if (annotation instanceof PathParam p) {
        return p.value();
      }
      if (annotation instanceof HeaderParam h) {
        return h.value();
      }
    }
    return "parameter";
  }
}
